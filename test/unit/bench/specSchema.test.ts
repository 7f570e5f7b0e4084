import { describe, expect, it } from "vitest";
import { BenchmarkDraft, BenchmarkFile, BenchmarkSpec, describeSpecError, levelsOf } from "../../../lib/schemas/benchmark";

const base = {
  name: "b",
  requests: [{ kind: "generate", ids: [1, 2, 3], sampling: { maxNewTokens: 4 } }],
  backends: [{ name: "a", dialect: "sglang", baseUrl: "http://127.0.0.1:30000" }],
  load: { kind: "closed", concurrency: [1, 4] },
  requestsPerLevel: 10,
};

/** The first error as the user reads it: "field.path: message". */
function errorOf(input: unknown, schema: typeof BenchmarkDraft | typeof BenchmarkFile = BenchmarkDraft): string {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected an error");
  return describeSpecError(r.error);
}

describe("benchmark spec errors name the field", () => {
  it("accepts a valid spec and fills defaults", () => {
    const spec = BenchmarkDraft.parse(base);
    expect(spec).toMatchObject({ warmup: 1, trials: 1, schedule: "sequential", telemetryIntervalMs: 1000, seed: 0, slo: {} });
    expect(spec.gates.thresholds).toEqual({ throughputDropPct: 10, p95IncreasePct: 15, errorRateIncreasePts: 1 });
    expect(spec.stop).toEqual({ maxErrorRate: 0.5, minRequests: 10, maxConsecutiveErrors: 20, requestTimeoutS: 60 });
    expect(levelsOf(spec.load)).toEqual([1, 4]);
  });

  it.each([
    [{ load: { kind: "closed", concurrency: [1, 0] } }, "load.concurrency.1: a concurrency level must be ≥ 1"],
    [{ load: { kind: "closed", concurrency: [1, 5000] } }, "load.concurrency.1: a concurrency level must be ≤ 4096"],
    [{ load: { kind: "closed", concurrency: [4, 4] } }, "load.concurrency: concurrency levels must not repeat"],
    [{ load: { kind: "closed", concurrency: [] } }, "load.concurrency: give at least one concurrency level"],
    [{ load: { kind: "open", rates: [5], burstiness: 0.5 } }, 'load.burstiness: burstiness applies to gamma arrivals only; set arrival to "gamma" or remove burstiness'],
    [{ load: { kind: "open", rates: [0] } }, "load.rates.0: a rate must be > 0 requests/s"],
    [{ load: { kind: "open", rates: [5], arrival: "uniform" } }, "load.arrival:"],
    [{ load: { kind: "ramp" } }, 'load.kind: kind must be "closed" (concurrency levels), "open" (request rates) or "items" (items per score request)'],
    [{ load: { kind: "items", items: [1, 10] } }, "load.kind: an items sweep needs score requests"],
    [{ requestsPerLevel: undefined }, "requestsPerLevel: give either requestsPerLevel or secondsPerLevel (one of them, not both)"],
    [{ secondsPerLevel: 5 }, "requestsPerLevel: give either requestsPerLevel or secondsPerLevel (one of them, not both)"],
    [{ requestsPerLevel: 0 }, "requestsPerLevel: requestsPerLevel must be ≥ 1"],
    [{ warmup: -1 }, "warmup: warmup must be ≥ 0"],
    [{ trials: 21 }, "trials: trials must be ≤ 20"],
    [{ backends: [] }, "backends: give at least one backend"],
    [{ backends: [{ name: "a", dialect: "sglang", baseUrl: "ftp://x" }] }, "backends.0.baseUrl: base URL must be an absolute http:// or https:// URL"],
    [{ backends: [{ name: "a", dialect: "vllm", baseUrl: "http://x" }] }, "backends.0.dialect:"],
    [
      { backends: [{ name: "a", dialect: "sglang", baseUrl: "http://x", apiKey: "sk-secret" }] },
      "backends.0.apiKey: API keys never go in a benchmark; name an environment variable in apiKeyEnv, or use a Studio backend id",
    ],
    [
      { backends: [{ name: "a", dialect: "sglang", baseUrl: "http://x" }, { name: "a", dialect: "sglang", baseUrl: "http://y" }] },
      'backends.1.name: two backends are named "a"; names must differ',
    ],
    [{ requests: [{ kind: "generate", ids: [] }] }, "requests.0.ids: the prompt has no tokens"],
    [{ requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [] }] }, "requests.0.labelIds: a score request needs at least one label id"],
    [{ requests: [{ kind: "embed" }] }, 'requests.0.kind: kind must be "score" or "generate"'],
    [{ requests: [{ kind: "generate", ids: [1], sampling: { maxNewTokens: 4096 } }] }, "requests.0.sampling.maxNewTokens: maxNewTokens must be ≤ 2048"],
    [{ gates: { latency: "ttft" }, requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [3] }] }, "gates.latency: ttft exists only for streamed (generate) requests; use e2e"],
    [{ profile: { levels: [2] } }, "profile.levels.0: level 2 is not one of the load profile's levels (1, 4)"],
    [{ slo: { ttftMs: -5 } }, "slo.ttftMs:"],
    [{ logprobs: "some" }, 'logprobs: logprobs must be "all" or "parity-only"'],
    [{ ignoreEos: true, requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [3] }] }, "ignoreEos: score requests generate nothing; ignoreEos applies to generate requests"],
    [{ logprobs: "parity-only", requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [3] }] }, 'logprobs: score requests ask for no logprobs; "parity-only" applies to generate requests'],
    [{ slo: { tpotMs: 20 }, requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [3] }] }, "slo.tpotMs: TPOT exists only for streamed (generate) requests; a score benchmark's SLO can use e2eMs"],
  ])("%j → %s", (patch, message) => {
    expect(errorOf({ ...base, ...patch })).toContain(message);
  });

  it("refuses a benchmark larger than the limits", () => {
    expect(errorOf({ ...base, requestsPerLevel: 100_000, trials: 20, backends: [base.backends[0], { ...base.backends[0], name: "b" }] })).toBe(
      "requestsPerLevel: this benchmark would send 8000040 requests (levels × requestsPerLevel × trials × backends + warmup); the limit is 2000000",
    );
    expect(errorOf({ ...base, requestsPerLevel: undefined, secondsPerLevel: 3600, trials: 20 })).toBe(
      "secondsPerLevel: this benchmark would run for 144000 s; the limit is 86400 s (24 h)",
    );
    const bigItems = { kind: "score", query: [1], items: [Array.from({ length: 100 }, () => 2)], labelIds: [3] };
    expect(errorOf({ ...base, requests: [bigItems], load: { kind: "items", items: [1, 10_000] } })).toBe(
      "load.items: 10000 items of request 0 would hold up to 1000001 tokens; the limit is 262144",
    );
    expect(errorOf({ ...base, requestsPerLevel: 100_001 })).toBe("requestsPerLevel: requestsPerLevel must be ≤ 100000");
  });

  it("refuses a field it does not know, naming the one meant (a typo must not silently run the default)", () => {
    expect(errorOf({ ...base, load: { kind: "open", rates: [5], maxConcurency: 8 } })).toBe('load: unknown field "maxConcurency" (did you mean "maxConcurrency"?)');
    expect(errorOf({ ...base, trails: 5 })).toBe('unknown field "trails" (did you mean "trials"?)');
    // right elsewhere, wrong here: not "did you mean" itself
    expect(errorOf({ ...base, load: { kind: "closed", concurrency: [1], arrival: "gamma" } })).toBe('load: field "arrival" does not belong here (it is a field of another part of the file)');
    expect(errorOf({ ...base, requests: [{ kind: "generate", ids: [1], sampling: { max_new_tokens: 8 } }] })).toBe(
      'requests.0.sampling: unknown field "max_new_tokens" (did you mean "maxNewTokens"?)',
    );
    expect(errorOf({ ...base, gates: { thresholds: { p95IncresePct: 5 } } })).toBe('gates.thresholds: unknown field "p95IncresePct" (did you mean "p95IncreasePct"?)');
    expect(errorOf({ ...base, gates: { parity: { name: "atol-rtol", atoll: 0.1 } } })).toBe('gates.parity: unknown field "atoll" (did you mean "atol"?)');
    expect(errorOf({ ...base, colour: "red" })).toBe('unknown field "colour"');
  });

  it("bounds what a run stores: streamed chunks per level and per run", () => {
    const gen = (maxNewTokens: number) => [{ kind: "generate", ids: [1], sampling: { maxNewTokens } }];
    expect(errorOf({ ...base, requests: gen(2048), requestsPerLevel: 5000 })).toBe(
      "requestsPerLevel: each level would store up to 10240000 streamed chunks (requestsPerLevel × maxNewTokens); the limit is 8000000: send fewer requests or fewer new tokens",
    );
    expect(errorOf({ ...base, requests: gen(2048), requestsPerLevel: 3000, trials: 4 })).toBe(
      "requestsPerLevel: this benchmark would store up to 49152000 streamed chunks (levels × requestsPerLevel × maxNewTokens × trials × backends); the limit is 32000000",
    );
    expect(BenchmarkDraft.safeParse({ ...base, requests: gen(2048), requestsPerLevel: 3000 }).success).toBe(true);
    // a spec read back from the database was valid when stored: a tighter storage limit must not make it unreadable
    const stored = { ...base, requests: gen(2048), requestsPerLevel: 5000, requestHash: `sha256:${"0".repeat(64)}` };
    expect(BenchmarkSpec.safeParse(stored).success).toBe(true);
  });

  it("the file format names its format and version", () => {
    expect(errorOf({ ...base, format: "sglang-studio.notebook", version: 1 }, BenchmarkFile)).toBe('format: format must be "sglang-studio.benchmark"');
    expect(errorOf({ ...base, format: "sglang-studio.benchmark", version: 2 }, BenchmarkFile)).toBe("version: version must be 1 (the only benchmark file version so far)");
    expect(BenchmarkFile.safeParse({ ...base, format: "sglang-studio.benchmark", version: 1 }).success).toBe(true);
  });
});
