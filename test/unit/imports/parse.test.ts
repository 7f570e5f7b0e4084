import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BenchmarkSpec } from "../../../lib/schemas/benchmark";
import { RunResult } from "../../../lib/schemas/benchmarkRun";
import { parseImport } from "../../../lib/imports/parse";
import { parsePythonJson } from "../../../lib/imports/pythonJson";
import { importToRun } from "../../../lib/imports/toRun";
import { syntheticSpec } from "../charts/syntheticRun";

const FIXTURES = path.join(__dirname, "../../fixtures/imports");
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), "utf8");
/** numpy (np.percentile linear, np.std ddof 0) on the fixture's successful requests, written by the fixture script. */
const EXPECTED = JSON.parse(read("sglang_bench_serving.expected.json")) as Record<string, Record<string, number>>;

function parsed(file: string) {
  const r = parseImport(read(file));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe("Python-flavoured JSON", () => {
  it("reads bare Infinity / NaN as strings, leaves them alone inside strings", () => {
    const r = parsePythonJson('{"a": Infinity, "b": -Infinity, "c": NaN, "d": "NaN Infinity", "e": "q\\"Infinity"}');
    expect(r).toEqual({ ok: true, value: { a: "Infinity", b: "-Infinity", c: "NaN", d: "NaN Infinity", e: 'q"Infinity' } });
  });
});

describe("sglang.bench_serving JSONL", () => {
  const p = parsed("sglang_bench_serving.jsonl");

  it("detects the tool and makes one closed-loop level per line from max_concurrency (request_rate Infinity)", () => {
    expect(p.source).toBe("bench_serving");
    expect(p.load).toBe("closed");
    expect(p.levels.map((l) => l.level)).toEqual([4, 16]);
    expect(p.label).toBe("nightly-16");
    expect(p.workload).toMatchObject({ tool: "bench_serving", dataset_name: "random", random_input_len: 12, random_output_len: 5, model: "Qwen/Qwen3-0.6B" });
    expect(p.requestsPerLevel).toBe(64);
  });

  it("with --output-details: every latency statistic computed from the per-request arrays, matching numpy", () => {
    const m = (p.levels[0]?.result.metrics)!;
    const pairs = [
      [m.ttftMs, EXPECTED.ttft],
      [m.e2eMs, EXPECTED.e2e],
      [m.itlMs, EXPECTED.itl],
      [m.tpotMs, EXPECTED.tpot],
    ] as const;
    for (const [ours, numpy] of pairs) {
      expect(ours.n).toBe(numpy!.n);
      for (const k of ["mean", "std", "p50", "p90", "p95", "p99"] as const) expect(ours[k]).toBeCloseTo(numpy![k] as number, 9);
      expect(ours.ci95.p95).not.toBeNull(); // intervals exist: there are samples
    }
  });

  it("counts the failed request by kind and keeps the tool's own throughput", () => {
    const r = p.levels[0]!.result;
    expect(r.counts).toMatchObject({ total: 5, ok: 4, errors: 1, byKind: { timeout: 1 } });
    expect(r.counts.errorRate).toBeCloseTo(0.2, 12);
    expect(r.throughput).toMatchObject({ requestsPerSec: 9.5238, outputTokensPerSec: 33.33, itemsPerSec: null, durationMs: 420, concurrency: 3.1 });
    expect(p.levels[0]!.series?.ttftMs).toEqual([21.2, 25.1, 19.9, null, 30.5]);
    expect(p.levels[0]!.tool.mean_e2e_latency_ms).toBe(33.1);
  });

  it("without details: only what the tool printed; p90/p95 TTFT, error count and intervals are missing, never 0", () => {
    const r = p.levels[1]!.result;
    expect(p.levels[1]!.series).toBeNull();
    expect(r.metrics.e2eMs).toMatchObject({ n: 64, mean: 290.5, p50: 288, p90: 315, p95: null, p99: 330.2, min: null });
    expect(r.metrics.ttftMs).toMatchObject({ p50: 118, p90: null, p95: null, p99: 150.3 });
    expect(r.metrics.itlMs.p95).toBe(47);
    expect(r.metrics.e2eMs.ci95).toEqual({ p50: null, p95: null, p99: null });
    expect(r.counts.errorRate).toBeNull();
    expect(p.notes.join("\n")).toMatch(/line 2: the file does not say how many requests failed/);
    expect(p.notes.join("\n")).toMatch(/line 2: the file has no p95 latency/);
  });
});

describe("vllm bench serve --save-result", () => {
  it("a pretty-printed JSON with --save-detailed: request_rate \"inf\" and max_concurrency give a closed level; failures from errors", () => {
    const p = parsed("vllm_detailed.json");
    expect(p.source).toBe("vllm");
    expect(p.levels).toHaveLength(1);
    expect(p.levels[0]!.level).toBe(2);
    expect(p.date).toBe("2026-11-20T14:30:15");
    const r = p.levels[0]!.result;
    expect(r.counts).toMatchObject({ total: 4, ok: 3, errors: 1, byKind: { unreachable: 1 } });
    expect(r.metrics.ttftMs.p50).toBeCloseTo(30, 12);
    expect(r.metrics.e2eMs.n).toBe(3);
    expect(r.metrics.e2eMs.mean).toBeCloseTo((41 + 56 + 41) / 3, 9); // ttft + Σ itl per request
  });

  it("--append-result JSONL at two request rates: an open-loop import with the tool's own percentiles", () => {
    const p = parsed("vllm_append.jsonl");
    expect(p.load).toBe("open");
    expect(p.levels.map((l) => l.level)).toEqual([2, 4]);
    const r = p.levels[1]!.result;
    expect(r.metrics.e2eMs).toMatchObject({ mean: 140, p50: 138, p90: 150, p95: 154, p99: 160 });
    expect(r.counts).toMatchObject({ ok: 50, errors: 0, errorRate: 0 });
    expect(r.throughput.requestsPerSec).toBeCloseTo(3.92, 12);
  });
});

describe("bad files say what is wrong", () => {
  it.each([
    ["", /the file is empty/],
    ["{\"a\": 1}\nnot json\n", /line 2: not JSON/],
    [read("not_a_result.json"), /line 1: not a result of python -m sglang.bench_serving or vllm bench serve/],
    [read("mixed_loads.jsonl"), /line 2: the file mixes fixed-rate runs and concurrency runs/],
  ])("%#", (text, message) => {
    const r = parseImport(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("a later line at the same level replaces the earlier one, and says so", () => {
    const line = read("vllm_append.jsonl").split("\n")[0] as string;
    const r = parseImport(`${line}\n${line}\n`);
    expect(r.ok && r.value.levels).toHaveLength(1);
    expect(r.ok && r.value.notes).toContain("line 2 replaces line 1 (same level 2)");
  });
});

describe("an import as a run of a benchmark's history", () => {
  const spec = syntheticSpec();
  const target = (requestHash: string) => ({ id: "imp1", benchmarkId: "b1", name: "imported", spec, backend: spec.backends[0]!, requestHash, importedAt: "2026-11-25T12:00:00Z" });

  it("is a valid run file with the tool's load, one backend, and notes saying where it came from", () => {
    const r = importToRun(parsed("sglang_bench_serving.jsonl"), target(`sha256:${"a".repeat(64)}`));
    if (!r.ok) throw new Error(r.message);
    expect(RunResult.safeParse(r.run).success).toBe(true);
    expect(BenchmarkSpec.parse(r.run.spec).load).toEqual({ kind: "closed", concurrency: [4, 16] });
    // the tool timed requests without logprobs: comparable with "parity-only" runs, refused as a baseline of "all" ones
    expect(spec.logprobs).toBe("all");
    expect(r.run.spec.logprobs).toBe("parity-only");
    expect(r.run.levels.map((l) => [l.label, l.backends[0]?.name])).toEqual([
      ["concurrency 4", "sglang"],
      ["concurrency 16", "sglang"],
    ]);
    expect(r.run.series).toHaveLength(1); // only the detailed line has requests
    expect(r.run.notes[0]).toMatch(/^Imported from python -m sglang.bench_serving \(tag “nightly-16”\)/);
    expect(r.run.notes[1]).toMatch(/not this benchmark's request/);
  });

  it("refuses a load the benchmark format cannot hold, naming the field", () => {
    const big = read("vllm_append.jsonl").replace(/"request_rate": 2.0/, '"request_rate": 20000.0');
    const p = parseImport(big);
    if (!p.ok) throw new Error(p.message);
    const r = importToRun(p.value, target(spec.requestHash));
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/load\.rates\.1: a rate must be ≤ 10000/) });
  });
});
