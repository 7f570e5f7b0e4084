import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { BenchmarkDraft, type RequestSnapshot } from "../../../lib/schemas/benchmark";
import { BENCH_OPTIONS, backendFlags, describeDraftIssue, draftFromFlags, UsageError, type BenchValues } from "../../../server/cli/benchArgs";

/** `bench run --cell …` flags, vllm-bench-serve-like, as the command line parses them, into the benchmark they describe. */

const REQUEST: RequestSnapshot = { kind: "generate", ids: [1, 2, 3], sampling: { maxNewTokens: 4, temperature: 0 }, topLogprobs: 0 };

function values(argv: string[]): BenchValues {
  return parseArgs({ args: argv, options: BENCH_OPTIONS, allowPositionals: true, strict: true }).values as BenchValues;
}

function draft(argv: string[]) {
  const v = values(["--a", "http://127.0.0.1:30000", "--a-dialect", "sglang", ...argv]);
  const backends = [backendFlags("a", v), backendFlags("b", v)].flatMap((b) => (b ? [b.spec] : []));
  return BenchmarkDraft.parse(draftFromFlags(v, REQUEST, backends, undefined));
}

function usage(argv: string[]): string {
  try {
    draft(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error("expected a usage error");
}

describe("bench run flags", () => {
  it("an open loop with gamma arrivals, burstiness, a cap, trials, warmup and seed", () => {
    const d = draft(["--rate", "5,10", "--arrival", "gamma", "--burstiness", "0.5", "--max-concurrency", "8", "--requests", "50", "--trials", "3", "--warmup", "4", "--seed", "7"]);
    expect(d.load).toEqual({ kind: "open", rates: [5, 10], arrival: "gamma", burstiness: 0.5, maxConcurrency: 8 });
    expect(d).toMatchObject({ requestsPerLevel: 50, trials: 3, warmup: 4, seed: 7, schedule: "sequential" });
  });

  it("--burstiness alone means gamma arrivals (as vllm bench serve); no --arrival means Poisson", () => {
    expect(draft(["--rate", "5", "--burstiness", "2", "--requests", "10"]).load).toMatchObject({ arrival: "gamma", burstiness: 2 });
    expect(draft(["--rate", "5", "--requests", "10"]).load).toEqual({ kind: "open", rates: [5], arrival: "poisson", burstiness: 1 });
  });

  it("a closed loop, timed levels, both backends at once, SLOs, gate thresholds and the parity rule", () => {
    const d = draft([
      "--b", "http://127.0.0.1:30001", "--b-dialect", "sglang-jax", "--concurrency", "1,16,64", "--seconds", "30", "--concurrent-backends",
      "--slo-ttft-ms", "200", "--max-p95-increase-pct", "5", "--parity", '{"name":"atol-rtol","atol":0.1}',
    ]);
    expect(d.load).toEqual({ kind: "closed", concurrency: [1, 16, 64] });
    expect(d).toMatchObject({ secondsPerLevel: 30, schedule: "concurrent", slo: { ttftMs: 200 } });
    expect(d.gates.thresholds).toMatchObject({ p95IncreasePct: 5, throughputDropPct: 10 });
    expect(d.gates.parity).toEqual({ name: "atol-rtol", atol: 0.1, rtol: 0.01 });
    expect(d.backends.map((b) => [b.name, b.dialect])).toEqual([["a", "sglang"], ["b", "sglang-jax"]]);
    expect(draft(["--concurrency", "1", "--requests", "5", "--parity", "off"]).gates.parity).toBeNull();
  });

  it("an items sweep at one concurrency", () => {
    const score: RequestSnapshot = { kind: "score", query: [1], items: [[2]], labelIds: [3], applySoftmax: true, itemFirst: false };
    const v = values(["--a", "http://127.0.0.1:30000", "--a-dialect", "sglang", "--items", "1,10,100", "--concurrency", "4", "--requests", "5"]);
    const d = BenchmarkDraft.parse(draftFromFlags(v, score, [backendFlags("a", v)!.spec], undefined));
    expect(d.load).toEqual({ kind: "items", items: [1, 10, 100], concurrency: 4 });
  });

  it.each([
    [["--requests", "5"], "give the load as --concurrency 1,16,64 (closed loop) or --rate 5,10 (open loop), one of the two"],
    [["--rate", "5", "--concurrency", "4", "--requests", "5"], "give the load as --concurrency 1,16,64 (closed loop) or --rate 5,10 (open loop), one of the two"],
    [["--concurrency", "4", "--arrival", "gamma", "--requests", "5"], "--arrival applies to --rate (open loop) only"],
    [["--concurrency", "4", "--max-concurrency", "2", "--requests", "5"], "--max-concurrency applies to --rate (open loop) only"],
    [["--items", "1,10", "--rate", "5", "--requests", "5"], "--items sweeps items per request at one concurrency; it does not combine with --rate"],
    [["--items", "1,10", "--concurrency", "1,2", "--requests", "5"], "with --items, --concurrency takes one value (the concurrency of every items level)"],
    [["--concurrency", "4"], "give --requests N (per level) or --seconds S (per level)"],
    [["--concurrency", "1,x", "--requests", "5"], '--concurrency takes numbers separated by commas, e.g. 1,16,64 (got "1,x")'],
    [["--concurrency", "4", "--requests", "many"], '--requests must be a number (got "many")'],
    [["--concurrency", "4", "--requests", "5", "--parity", "{nope"], "--parity: not valid JSON: {nope"],
    [["--concurrency", "4", "--requests", "5", "--b-dialect", "sglang-jax"], "--b-dialect needs --b <url>"],
    [["--concurrency", "4", "--requests", "5", "--b", "http://127.0.0.1:30001"], "--b-dialect is required with --b: sglang or sglang-jax (the API the server at http://127.0.0.1:30001 speaks)"],
    [["--concurrency", "4", "--requests", "5", "--b", "http://127.0.0.1:30001", "--b-dialect", "vllm"], '--b-dialect must be sglang or sglang-jax (got "vllm")'],
  ])("%j → %s", (argv, message) => {
    expect(usage(argv)).toBe(message);
  });

  it("values the flags parse but the schema refuses name the field", () => {
    const r = BenchmarkDraft.safeParse(draftFromFlags(values(["--a", "http://x:1", "--rate", "5", "--arrival", "uniform", "--requests", "5"]), REQUEST, [], undefined));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["load.arrival"]));
    // …and are told in the words of the flag that set the field; the request's own problems are the cell file's
    const said = (argv: string[]) => {
      const p = BenchmarkDraft.safeParse(draftFromFlags(values(["--a", "http://x:1", ...argv]), REQUEST, [{ name: "a", dialect: "sglang", baseUrl: "http://x:1", model: null }], undefined));
      return p.success ? null : p.error.issues.map((i) => describeDraftIssue(i, "cell.json"));
    };
    expect(said(["--concurrency", "0", "--requests", "5"])).toEqual(["--concurrency: a concurrency level must be ≥ 1"]);
    expect(said(["--concurrency", "1", "--requests", "5", "--trials", "99"])).toEqual(["--trials: trials must be ≤ 20"]);
    expect(said(["--concurrency", "1", "--requests", "5", "--logprobs", "some"])).toEqual(['--logprobs: logprobs must be "all" or "parity-only"']);
    expect(describeDraftIssue({ path: ["requests", 0, "ids"], message: "the prompt has no tokens" }, "cell.json")).toBe("cell.json: requests.0.ids: the prompt has no tokens");
    expect(describeDraftIssue({ path: ["backends", 1, "name"], message: 'two backends are named "a"; names must differ' }, "cell.json")).toBe('--b-name: two backends are named "a"; names must differ');
  });
});
