import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { laySpans, readTraceSpans } from "../../../server/bench/profileTrace";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trace-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: string | Buffer, ext = ".trace.json"): string {
  const p = path.join(dir, `t${n++}${ext}`);
  fs.writeFileSync(p, content);
  return p;
}

const EPOCH_US = 1_760_000_000_000_000; // some wall-clock time, µs

function trace(events: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ schemaVersion: 1, deviceProperties: [{ name: "x", arr: [1, [2]] }], ...extra, traceEvents: events, displayTimeUnit: "ms" });
}

const META = [
  { name: "process_name", ph: "M", pid: 7, tid: 0, args: { name: "scheduler" } },
  { name: "thread_name", ph: "M", pid: 7, tid: 0, args: { name: "steps" } },
];

describe("readTraceSpans", () => {
  it("reads complete events and B/E pairs, with track names from the metadata", async () => {
    const p = file(
      trace([
        ...META,
        { name: "prefill", ph: "X", pid: 7, tid: 0, ts: EPOCH_US, dur: 1500, args: { note: 'braces } ] { [ and "quotes" \\ inside' } },
        { name: "decode", ph: "X", pid: 7, tid: 0, ts: EPOCH_US + 2000, dur: 500 },
        { name: "outer", ph: "B", pid: 7, tid: 1, ts: EPOCH_US + 100 },
        { name: "inner", ph: "B", pid: 7, tid: 1, ts: EPOCH_US + 200 },
        { ph: "E", pid: 7, tid: 1, ts: EPOCH_US + 300 },
        { ph: "E", pid: 7, tid: 1, ts: EPOCH_US + 900 },
        { name: "counter", ph: "C", pid: 7, tid: 0, ts: EPOCH_US, args: { v: 1 } },
      ]),
    );
    const r = await readTraceSpans(p);
    expect(r.found).toBe(4);
    expect(r.note).toBe("4 spans");
    expect(r.spans.map((s) => [s.name, s.ts - EPOCH_US, s.dur])).toEqual([
      ["prefill", 0, 1500],
      ["outer", 100, 800],
      ["inner", 200, 100],
      ["decode", 2000, 500],
    ]);
    expect(r.tracks.get("7\u00000")).toBe("scheduler · steps");
    expect(r.tracks.get("7\u00001")).toBe("scheduler · tid 1");
  });

  it("reads gzip and a bare array the same, across many stream chunks", async () => {
    const events = Array.from({ length: 4000 }, (_, i) => ({ name: `step ${i}`, ph: "X", pid: 1, tid: 2, ts: EPOCH_US + i * 1000, dur: 900, args: { pad: "x".repeat(100) } }));
    const gz = await readTraceSpans(file(gzipSync(trace(events)), ".trace.json.gz"), { cap: 10_000 });
    const bare = await readTraceSpans(file(JSON.stringify(events)), { cap: 10_000 });
    expect(gz.found).toBe(4000);
    expect(bare.found).toBe(4000);
    expect(gz.spans.at(-1)).toEqual({ name: "step 3999", ts: EPOCH_US + 3999 * 1000, dur: 900, pid: "1", tid: "2" });
    expect(bare.spans).toEqual(gz.spans);
  });

  it("keeps the longest spans over the cap and says how many it found", async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ name: `s${i}`, ph: "X", pid: 1, tid: 1, ts: EPOCH_US + i * 100, dur: i + 1 }));
    const r = await readTraceSpans(file(trace(events)), { cap: 5 });
    expect(r.found).toBe(50);
    expect(r.spans.map((s) => s.name)).toEqual(["s45", "s46", "s47", "s48", "s49"]);
    expect(r.note).toBe("50 spans, the 5 longest kept");
  });

  it("gives a note, never a throw, for malformed files", async () => {
    const notJson = await readTraceSpans(file("this is not json at all"));
    expect(notJson.found).toBe(0);
    expect(notJson.note).toMatch(/not a Chrome trace/);
    const noEvents = await readTraceSpans(file(JSON.stringify({ hello: [1, 2] })));
    expect(noEvents.note).toMatch(/no traceEvents/);
    const empty = await readTraceSpans(file(""));
    expect(empty.note).toMatch(/empty file/);
    const full = trace([...META, { name: "a", ph: "X", pid: 7, tid: 0, ts: EPOCH_US, dur: 5 }, { name: "b", ph: "X", pid: 7, tid: 0, ts: EPOCH_US + 10, dur: 5 }]);
    const cut = await readTraceSpans(file(full.slice(0, full.lastIndexOf('{"name":"b"') + 20)));
    expect(cut.found).toBe(1);
    expect(cut.note).toMatch(/ends early/);
    const cutGz = gzipSync(full);
    const gzCut = await readTraceSpans(file(cutGz.subarray(0, cutGz.length - 12), ".trace.json.gz"));
    expect(gzCut.note).toMatch(/gunzip failed/);
    const badEvent = await readTraceSpans(file(`{"traceEvents":[{"name":"a","ph":"X","ts":1,"dur":2,"pid":1,"tid":1},{"name": nope},{"name":"c","ph":"X","ts":5,"dur":1,"pid":1,"tid":1}]}`));
    expect(badEvent.found).toBe(2);
    expect(badEvent.note).toBe("2 spans; 1 malformed events skipped");
    const missing = await readTraceSpans(path.join(dir, "nope.json"));
    expect(missing.note).toMatch(/could not open/);
  });

  it("reads at most maxBytes and says the rest was not read", async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ name: "s", ph: "X", pid: 1, tid: 1, ts: EPOCH_US + i, dur: 1 }));
    const r = await readTraceSpans(file(trace(events)), { maxBytes: 8 * 1024 });
    expect(r.found).toBeGreaterThan(10);
    expect(r.found).toBeLessThan(1000);
    expect(r.note).toMatch(/read only the first 8 KB/);
  });

  it("picks up baseTimeNanoseconds (newer torch traces count ts from it)", async () => {
    const r = await readTraceSpans(file(trace([{ name: "a", ph: "X", pid: 1, tid: 1, ts: 1000, dur: 10 }], { baseTimeNanoseconds: 1_760_000_000_000_000_000 })));
    expect(r.baseTimeNs).toBe(1_760_000_000_000_000_000);
  });
});

describe("laySpans", () => {
  const rec = { startedAtMs: 1000, startedAtEpochMs: EPOCH_US / 1000, stoppedAtMs: 3000 };
  const raw = (ts: number, extra: { baseTimeNs?: number } = {}) => ({
    spans: [{ name: "decode", ts, dur: 2500, pid: "1", tid: "2" }],
    found: 3,
    tracks: new Map([["1\u00002", "scheduler · steps"]]),
    baseTimeNs: extra.baseTimeNs ?? null,
    note: "",
    ok: true,
  });

  it("puts epoch-µs spans on the run's clock", () => {
    const laid = laySpans([{ file: "/x/a.trace.json", spans: raw(EPOCH_US + 500_000) }], rec, 5000);
    expect(laid.spans).toEqual([{ name: "decode", startMs: 1500, durMs: 2.5, track: "scheduler · steps" }]);
    expect(laid.dropped).toBe(2);
    expect(laid.clockNote).toBeNull();
  });

  it("adds baseTimeNanoseconds to relative timestamps, and falls back to the start time for an unknown clock", () => {
    const based = laySpans([{ file: "/x/a.json", spans: raw(250_000, { baseTimeNs: EPOCH_US * 1000 }) }], rec, 5000);
    expect(based.spans[0]?.startMs).toBe(1250);
    const unknown = laySpans([{ file: "/x/b.json", spans: raw(42) }], rec, 5000);
    expect(unknown.spans[0]?.startMs).toBe(1000);
    expect(unknown.clockNote).toMatch(/b\.json: timestamps are not on the wall clock/);
  });
});
