import { describe, expect, it } from "vitest";
import { BenchmarkDraft, type BenchmarkDraftInput, type BenchmarkSpec } from "../../../lib/schemas/benchmark";
import type { RunResult } from "../../../lib/schemas/benchmarkRun";
import { compareToBaseline } from "../../../lib/report/baseline";
import { sealSpec } from "../../../server/bench/requestHash";
import { buildRunResult } from "../../../server/bench/runFile";
import { benchmarkParityRule } from "../../../lib/parity/benchmarkRule";
import { levelParity } from "../../../server/bench/levelParity";
import { summarizeRun, type SummaryInput } from "../../../server/bench/summary";
import { runSeries, scoreSeries, series, TRIAL0 } from "./fixtures";

function spec(fields: Partial<BenchmarkDraftInput> = {}): BenchmarkSpec {
  const sealed = sealSpec(
    BenchmarkDraft.parse({
      name: "s",
      requests: [{ kind: "score", query: [1], items: [[2], [3]], labelIds: [4, 5] }],
      backends: [
        { name: "a", dialect: "sglang", baseUrl: "http://127.0.0.1:1" },
        { name: "b", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:2" },
      ],
      load: { kind: "closed", concurrency: [4] },
      requestsPerLevel: 20,
      ...fields,
    }),
  );
  if (!sealed.ok) throw new Error(sealed.message);
  return sealed.spec;
}

const fast = Array.from({ length: 20 }, (_, i) => 10 + (i % 5));
const slow = fast.map((v) => v * 1.5);
/** Level 4's verdict on answers a and b, as the runner takes it (one request snapshot). */
const finals = (a: number[][], b: number[][]) => {
  const verdict = levelParity(spec(), [{ scores: a }], [{ scores: b }], { name: "score-gate" });
  return verdict ? [{ level: 4, verdict }] : [];
};

function summary(s: BenchmarkSpec, over: Partial<SummaryInput> = {}) {
  return summarizeRun({
    spec: s,
    status: "done",
    series: [runSeries("a", 4, 0, scoreSeries(fast)), runSeries("b", 4, 0, scoreSeries(slow))],
    telemetry: [],
    parity: finals([[0.5, 0.5], [0.2, 0.8]], [[0.51, 0.49], [0.2, 0.8]]),
    baseline: null,
    profiles: [],
    runStartEpochMs: 0,
    ...over,
  });
}

describe("run summary and gates", () => {
  it("says so when A and B generated different lengths: their latencies measure different work", () => {
    const gen = spec({ requests: [{ kind: "generate", ids: [1, 2], sampling: { maxNewTokens: 8 } }], requestsPerLevel: 4, load: { kind: "closed", concurrency: [1] } });
    // a: 3, 4, 4, 5 tokens (mean 4); b: 6 each, in the same time
    const longer = series([0, 5, 10, 15].map((start) => ({ start, chunks: [20 + start, 30 + start, 41 + start], toks: [2, 2, 2], e2e: 42 + start, prompt: 10, cached: 0 })));
    const notes = (b: typeof TRIAL0) => summary(gen, { series: [runSeries("a", 1, 0, TRIAL0), runSeries("b", 1, 0, b)], parity: [] }).notes;
    expect(notes(longer)).toContain(
      "concurrency 1: b generated 6.0 output tokens per request, a 4.0 (50%): their E2E and tok/s compare different amounts of work; set ignoreEos (--ignore-eos) to run both to max_new_tokens",
    );
    expect(notes(TRIAL0).some((n) => n.includes("output tokens per request"))).toBe(false);
    // a successful stream with no token count has nothing to time: said, not silently left out
    const uncounted = series([{ start: 0, chunks: [], toks: [], e2e: 42, prompt: 10, cached: 0 }]);
    expect(notes(uncounted)).toContain("concurrency 1: 1 of b's 1 successful requests streamed no token (none generated, or no meta_info.completion_tokens), so they have no TTFT, ITL or TPOT");
    expect(notes(TRIAL0).some((n) => n.includes("streamed no token"))).toBe(false);
  });

  it("gates B against A with the Score API defaults: a 50% slower B fails p95 and throughput, passes errors and parity", () => {
    const s = summary(spec());
    const byName = Object.fromEntries(s.gates.map((g) => [g.name, g]));
    expect(byName.p95).toMatchObject({ pass: false, threshold: 15, level: 4, backend: "b", against: "a" });
    expect(byName.p95?.value).toBeCloseTo(50, 6); // p95 of slow = 1.5 × p95 of fast
    expect(byName.throughput).toMatchObject({ pass: false, threshold: -10 });
    expect(byName.throughput?.value).toBeCloseTo((1 / 1.5 - 1) * 100, 6); // items/s over back-to-back requests
    expect(byName["error-rate"]).toMatchObject({ pass: true, value: 0, threshold: 1 });
    expect(byName.parity).toMatchObject({ pass: true, value: null, threshold: null });
    expect(s.pass).toBe(false);
    const d = s.levels[0]?.difference;
    expect(d).toMatchObject({ a: "a", b: "b", latency: "e2e", throughputUnit: "items" });
    expect(d?.latencyP50.significant).toBe(true);
    expect(d?.latencyP50.diff).toBeCloseTo(6, 6);
  });

  it("a faster but wrong backend does not pass: the parity gate reads the benchmark's own answers", () => {
    const s = summary(spec(), { series: [runSeries("a", 4, 0, scoreSeries(slow)), runSeries("b", 4, 0, scoreSeries(fast))], parity: finals([[0.5, 0.5]], [[0.9, 0.1]]) });
    const gates = Object.fromEntries(s.gates.map((g) => [g.name, g.pass]));
    expect(gates).toEqual({ throughput: true, p95: true, "error-rate": true, parity: false });
    expect(s.pass).toBe(false);
    expect(s.gates.find((g) => g.name === "parity")?.reason).toMatch(/^Parity fails under score-gate/);
    // no answer to compare cannot pass either
    const none = summary(spec(), { parity: [] });
    expect(none.gates.find((g) => g.name === "parity")).toMatchObject({ pass: false });
    // parity off
    expect(summary(spec({ gates: { parity: null } })).gates.map((g) => g.name)).toEqual(["throughput", "p95", "error-rate"]);
  });

  it("the parity rule defaults by request kind", () => {
    expect(benchmarkParityRule(spec())).toEqual({ name: "score-gate" });
    const gen = (topLogprobs: number) => spec({ requests: [{ kind: "generate", ids: [1], topLogprobs }] });
    expect(benchmarkParityRule(gen(5))).toEqual({ name: "topk-containment" });
    expect(benchmarkParityRule(gen(0))).toEqual({ name: "sglang-ci" });
  });

  it("with a baseline, each backend is gated against its namesake in the baseline run", () => {
    const s1 = spec();
    const base: RunResult = buildRunResult({
      id: "base",
      benchmarkId: null,
      name: "s",
      status: "done",
      reason: null,
      startedAt: null,
      finishedAt: null,
      spec: s1,
      fingerprint: null,
      summary: summary(s1, { series: [runSeries("a", 4, 0, scoreSeries(fast)), runSeries("b", 4, 0, scoreSeries(fast))] }),
      telemetry: [],
      series: [],
    });
    const s = summary(s1, { baseline: base });
    const p95 = s.gates.filter((g) => g.name === "p95").map((g) => [g.backend, g.against, g.pass]);
    expect(p95).toEqual([
      ["a", "baseline a", true],
      ["b", "baseline b", false],
    ]);
    expect(s.gates.filter((g) => g.name === "parity")).toHaveLength(1);
    expect(s.baseline).toEqual({ id: "base", name: "s", requestHash: s1.requestHash, finishedAt: null });
    // the command line (this summary) and the pages (compareToBaseline) reach the same verdict
    const run = { id: "r", name: "s", status: "done" as const, finishedAt: null, requestHash: s1.requestHash, spec: s1, levels: s.levels, series: [] };
    const viewed = compareToBaseline(run, base);
    expect(viewed.ok && viewed.gates.map((g) => [g.name, g.backend, g.pass])).toEqual(s.gates.map((g) => [g.name, g.backend, g.pass]));
    expect(viewed.ok && viewed.pass).toBe(s.pass);
  });

  it("one backend and no baseline: no gates, and a note says why; a run that did not finish never passes", () => {
    const one = spec({ backends: [{ name: "a", dialect: "sglang", baseUrl: "http://127.0.0.1:1" }] });
    const s = summary(one, { series: [runSeries("a", 4, 0, scoreSeries(fast))] });
    expect(s.gates).toEqual([]);
    expect(s.notes).toEqual(["one backend and no baseline: there is nothing to gate against"]);
    expect(s.pass).toBe(true);
    const failed = summary(one, { status: "failed", series: [runSeries("a", 4, 0, scoreSeries(fast))] });
    expect(failed.pass).toBe(false);
    expect(failed.notes).toContain("the run ended failed; its gates are not a pass");
  });
});
