import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BenchmarkSpec } from "../../../lib/schemas/benchmark";
import { RunResult } from "../../../lib/schemas/benchmarkRun";
import { runInMemory } from "../../../server/bench/execute";
import { ProfileSession } from "../../../server/bench/profile";
import { startEngine, type RunningEngine } from "../../../server/engine";
import { configsOf, specOf } from "./helpers";

/** Profiles against the real reference engine: traces attached, spans on the run's clock, num_steps leaving the profiler stopped. */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function engine(dialect: "sglang" | "sglang-jax"): Promise<RunningEngine> {
  const e = await startEngine({ dialect, dtype: dialect === "sglang" ? "float32" : "bfloat16" });
  cleanup.push(() => e.close());
  return e;
}

function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

async function runWith(spec: BenchmarkSpec, attachDir: string | null): Promise<RunResult> {
  const result = await runInMemory({ spec, backends: configsOf(spec), signal: new AbortController().signal, version: { version: "t", commit: "t" }, baseline: null, attachDir });
  for (const p of result.profiles) if (p.outputDir?.includes("studio-profile-")) cleanup.push(() => fs.rmSync(p.outputDir as string, { recursive: true, force: true }));
  return result;
}

function asJax(spec: BenchmarkSpec): BenchmarkSpec {
  return { ...spec, backends: spec.backends.map((b) => ({ ...b, dialect: "sglang-jax" as const })) };
}

/** The level's requests on the run's clock: first send → last byte. */
function levelWindow(result: RunResult, level: number): [number, number] {
  const s = result.series.find((x) => x.level === level && !x.warmup)!;
  const ends = s.data.startOffsetMs.map((o, i) => s.startMs + o + (s.data.e2eMs[i] ?? 0));
  return [s.startMs, Math.max(...ends)];
}

describe("profile spans from the reference engine's trace", () => {
  it("attaches the gzip trace of a profiled level and lays its prefill/decode steps inside the level", async () => {
    const e = await engine("sglang");
    const attachDir = tmp("studio-attach-");
    const spec = specOf([e.url], { requestsPerLevel: 4, load: { kind: "closed", concurrency: [1, 2] }, profile: { levels: [2] } });
    const result = await runWith(spec, attachDir);
    expect(result.status).toBe("done");
    // the stored run keeps the new fields through its schema
    const p = RunResult.parse(result).profiles[0]!;
    expect(p.where).toBe(`on this host, under ${p.outputDir}`);
    expect(p.files).toHaveLength(1);
    expect(p.files[0]?.attachedPath?.startsWith(attachDir)).toBe(true);
    expect(p.files[0]?.note).toMatch(/^\d+ spans$/);
    const spans = p.spans ?? [];
    expect(spans.length).toBeGreaterThan(4); // a prefill and decode steps per request
    expect(p.spansDropped).toBe(0);
    expect(new Set(spans.map((s) => s.name))).toEqual(new Set(["prefill", "decode"]));
    expect(new Set(spans.map((s) => s.track))).toEqual(new Set(["reference engine scheduler · scheduler steps"]));
    // plausible times: inside the profile's window and the level's requests, on the run's clock
    const [from, to] = levelWindow(result, 2);
    for (const s of spans) {
      expect(s.startMs).toBeGreaterThanOrEqual(Math.max(p.startedAtMs, from) - 5);
      expect(s.startMs + s.durMs).toBeLessThanOrEqual(Math.min(p.stoppedAtMs as number, to) + 5);
      expect(s.durMs).toBeGreaterThan(0);
    }
    expect(spans.map((s) => s.startMs)).toEqual([...spans.map((s) => s.startMs)].sort((a, b) => a - b));
    // level 1 was not profiled: none of its time is covered
    const [, end1] = levelWindow(result, 1);
    expect(spans.every((s) => s.startMs > end1 - 5)).toBe(true);
  });

  it("attaches an output_dir the server creates itself (readability is decided at the end), and parses sglang-jax's plain JSON", async () => {
    const e = await engine("sglang-jax");
    const attachDir = tmp("studio-attach-");
    const outputDir = path.join(tmp("studio-out-"), "not-yet", "there");
    const spec = asJax(specOf([e.url], { requestsPerLevel: 3, load: { kind: "closed", concurrency: [1] }, profile: { levels: [1], outputDir } }));
    const result = await runWith(spec, attachDir);
    const p = result.profiles[0]!;
    // each backend, level and trial gets its own folder under the output_dir given
    expect(p.outputDir).toBe(path.join(outputDir, "a-level1-trial0"));
    expect(p.files.map((f) => path.relative(p.outputDir as string, f.path))).toEqual([expect.stringMatching(/^plugins\/profile\/\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\/reference-engine\.trace\.json$/)]);
    expect(p.files[0]?.attachedPath).not.toBeNull();
    expect(p.spans?.length).toBeGreaterThan(2);
  });

  it("with num_steps the profiler is left stopped whether or not the level reached them, so the next level's /start_profile works (sglang)", async () => {
    const e = await engine("sglang");
    // 3 steps: stops by itself in level 1; 10,000 steps: level 2 ends first, and the studio stops it
    for (const numSteps of [3, 10_000]) {
      const spec = specOf([e.url], { requestsPerLevel: 3, load: { kind: "closed", concurrency: [1, 2, 3] }, profile: { levels: [1, 2, 3], numSteps } });
      const result = await runWith(spec, null);
      expect(result.profiles).toHaveLength(3);
      for (const p of result.profiles) {
        expect(p.note).toMatch(/^POST \/start_profile: Start profiling\./);
        expect(p.note).not.toMatch(/failed/);
        if (numSteps === 3) {
          expect(p.note).toContain("stopped by itself after num_steps=3 (POST /stop_profile answered it was not in progress, as expected)");
          expect(p.spans).toHaveLength(3);
        } else {
          expect(p.note).toContain("the level ended before num_steps=10000 steps were recorded: POST /stop_profile: Stop profiling");
          expect(p.spans?.length).toBeGreaterThan(3);
        }
        expect(p.files).toHaveLength(1);
      }
      expect(e.engine.profiler.active).toBe(false);
    }
  });

  it("with num_steps on sglang-jax reads GET /profile_status and stops only a profiler still running", async () => {
    const e = await engine("sglang-jax");
    for (const numSteps of [2, 10_000]) {
      const spec = asJax(specOf([e.url], { requestsPerLevel: 3, load: { kind: "closed", concurrency: [1, 2] }, profile: { levels: [1, 2], numSteps } }));
      const result = await runWith(spec, null);
      expect(result.profiles).toHaveLength(2);
      for (const p of result.profiles) {
        expect(p.note).not.toMatch(/failed/);
        expect(p.note).toMatch(numSteps === 2 ? /stopped by itself after num_steps=2 \((GET \/profile_status: idle|it was still writing its trace)\)/ : /the level ended before num_steps=10000 steps were recorded: POST \/stop_profile: Stop profiling/);
      }
      expect(e.engine.profiler.active).toBe(false);
    }
  });

  it("a malformed trace file beside the real one gives a note, not a crash", async () => {
    const e = await engine("sglang");
    const outputDir = tmp("studio-out-");
    const attachDir = tmp("studio-attach-");
    const spec = specOf([e.url]);
    const [backend] = configsOf(spec);
    const session = await ProfileSession.begin({ name: "a", backend: backend!.config, level: 1, trial: 0, outputDir, runT0: performance.now() - 1000 });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${e.url}/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input_ids: [1, 2, 3], sampling_params: { max_new_tokens: 4, temperature: 0 } }) });
      expect(res.status).toBe(200);
      await res.text();
    }
    // a trace cut half-way (a crashed writer), one that is not JSON, and a binary xplane, in the folder
    // the session gave this backend, level and trial under the output_dir
    const own = path.join(outputDir, "a-level1-trial0");
    fs.mkdirSync(own, { recursive: true });
    fs.writeFileSync(path.join(own, "cut.trace.json"), '{"traceEvents":[{"name":"whole","ph":"X","pid":9,"tid":9,"ts":5,"dur":3},{"name":"prefill","ph":"X","pid":1,"tid":1,"ts":1,"dur":');
    fs.writeFileSync(path.join(own, "garbage-TP-1.trace.json.gz"), "definitely not gzip");
    fs.writeFileSync(path.join(own, "host.xplane.pb"), Buffer.from([0, 1, 2, 3]));
    await session.end(attachDir);
    const rec = await session.readSpans();
    const byName = new Map(rec.files.map((f) => [path.basename(f.path), f]));
    expect([...byName.keys()].sort()).toEqual(["cut.trace.json", "garbage-TP-1.trace.json.gz", "host.xplane.pb", expect.stringMatching(/-TP-0\.trace\.json\.gz$/)].sort());
    expect(byName.get("cut.trace.json")?.note).toBe("1 span; the JSON ends early (cut, or still being written): the spans before the cut are kept");
    expect(byName.get("garbage-TP-1.trace.json.gz")?.note).toMatch(/not a Chrome trace/);
    expect(byName.get("host.xplane.pb")?.note).toMatch(/not a Chrome trace JSON/);
    // the real trace still gives its spans, on the session's run clock
    const real = [...byName.values()].find((f) => /-TP-0\.trace\.json\.gz$/.test(f.path))!;
    expect(real.note).toMatch(/^\d+ spans$/);
    const stepSpans = (rec.spans ?? []).filter((s) => s.track.includes("reference engine scheduler"));
    expect(stepSpans.length).toBeGreaterThanOrEqual(3);
    for (const s of stepSpans) {
      expect(s.startMs).toBeGreaterThanOrEqual(rec.startedAtMs - 5);
      expect(s.startMs).toBeLessThanOrEqual((rec.stoppedAtMs as number) + 5);
    }
    // the cut trace's one event is on an unknown clock: laid from the start, and the note says so
    expect(rec.note).toMatch(/cut\.trace\.json: timestamps are not on the wall clock/);
  });
});
