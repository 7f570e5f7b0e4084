import { describe, expect, it } from "vitest";
import { BenchmarkDraft, type BenchmarkSpec } from "../../../lib/schemas/benchmark";
import { canonicalJson, requestHash, sealSpec } from "../../../server/bench/requestHash";
import { buildRunResult, checkBaseline, parseRunFile, seriesCsv } from "../../../server/bench/runFile";
import { summarizeRun } from "../../../server/bench/summary";
import { runSeries, TRIAL0, TRIAL1 } from "./fixtures";

const draft = {
  name: "gen",
  requests: [{ kind: "generate", ids: [1, 2, 3], sampling: { maxNewTokens: 3 } }],
  backends: [{ name: "a", dialect: "sglang", baseUrl: "http://127.0.0.1:1" }],
  load: { kind: "closed", concurrency: [1, 2] },
  requestsPerLevel: 4,
};

function sealed(d: unknown): BenchmarkSpec {
  const r = sealSpec(BenchmarkDraft.parse(d));
  if (!r.ok) throw new Error(r.message);
  return r.spec;
}

function runOf(spec: BenchmarkSpec) {
  const series = [runSeries("a", 1, 0, TRIAL0, 12.5), runSeries("a", 1, 1, TRIAL1, 300)];
  const telemetry = [{ backend: "a", source: "/metrics", samples: [{ tMs: 20, level: 1, queue: 2, running: 1, cacheHitRate: 0.5, tokenUsage: 0.1, genThroughput: 100, error: null }] }];
  const summary = summarizeRun({ spec, status: "done", series, telemetry, parity: [], baseline: null, profiles: [], runStartEpochMs: 1_700_000_000_000 });
  return buildRunResult({
    id: "r1",
    benchmarkId: null,
    name: spec.name,
    status: "done",
    reason: null,
    startedAt: "2026-11-25T00:00:00.000Z",
    finishedAt: "2026-11-25T00:00:01.000Z",
    spec,
    fingerprint: null,
    summary,
    telemetry,
    series,
  });
}

describe("run file", () => {
  it("round-trips through JSON unchanged (and so works as a later --baseline)", () => {
    const run = runOf(sealed(draft));
    const back = parseRunFile(JSON.parse(JSON.stringify(run)));
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.run).toEqual(run);
    expect(parseRunFile({ ...run, format: "sglang-studio.benchmark" })).toEqual({
      ok: false,
      message: 'not a run file: format: format must be "sglang-studio.benchmark-run" (a run file written by `bench run --out`)',
    });
  });

  it("refuses a baseline measured on a different request: comparisons need the same input", () => {
    const spec = sealed(draft);
    const base = runOf(spec);
    expect(checkBaseline(spec, base)).toEqual({ ok: true });
    const other = sealed({ ...draft, requests: [{ kind: "generate", ids: [1, 2, 4], sampling: { maxNewTokens: 3 } }] });
    const refused = checkBaseline(other, base);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/^requestHash differs: the baseline "gen" measured a different request \(sha256:[0-9a-f]{12}… vs sha256:[0-9a-f]{12}…\); comparisons need the same input/);
    const noCommon = sealed({ ...draft, load: { kind: "closed", concurrency: [8] } });
    expect(checkBaseline(noCommon, base)).toEqual({ ok: false, message: 'the baseline "gen" has no level in common with this run (concurrency 8)' });
  });

  it("refuses a baseline that ran another kind of load at the same level numbers", () => {
    const base = runOf(sealed(draft)); // a closed loop at concurrency 1
    const refusedFor = (load: unknown) => {
      const r = checkBaseline(sealed({ ...draft, load }), base);
      return r.ok ? null : r.message;
    };
    expect(refusedFor({ kind: "open", rates: [1] })).toBe(
      'the baseline "gen" ran a closed loop (concurrency levels), this run an open loop with poisson arrivals, no concurrency cap; comparisons need the same load',
    );
    const open = runOf(sealed({ ...draft, load: { kind: "open", rates: [1], arrival: "gamma", burstiness: 0.5 } }));
    const against = (load: unknown) => {
      const r = checkBaseline(sealed({ ...draft, load }), open);
      return r.ok ? "ok" : r.message;
    };
    expect(against({ kind: "open", rates: [1, 2], arrival: "gamma", burstiness: 0.5 })).toBe("ok");
    expect(against({ kind: "open", rates: [1], arrival: "gamma", burstiness: 2 })).toMatch(/ran an open loop with gamma arrivals with burstiness 0.5, no concurrency cap, this run an open loop with gamma arrivals with burstiness 2, no concurrency cap;/);
    expect(against({ kind: "open", rates: [1], arrival: "gamma", burstiness: 0.5, maxConcurrency: 8 })).toMatch(/this run an open loop with gamma arrivals with burstiness 0.5, at most 8 in flight; comparisons need the same load$/);
    expect(against({ kind: "open", rates: [1], arrival: "constant" })).toMatch(/this run an open loop with constant arrivals, no concurrency cap/);
  });

  it("refuses a baseline whose requests asked for logprobs differently (they cost the server time)", () => {
    const base = runOf(sealed(draft)); // logprobs "all"
    const r = checkBaseline(sealed({ ...draft, logprobs: "parity-only" }), base);
    expect(r).toEqual({
      ok: false,
      message: 'the baseline "gen" ran with every request asking for logprobs, this run with timed requests asking for no logprobs; logprobs cost the server time, so comparisons need the same setting',
    });
    expect(checkBaseline(sealed({ ...draft, logprobs: "all" }), base)).toEqual({ ok: true });
    expect(checkBaseline(sealed({ ...draft, ignoreEos: true }), base)).toEqual({
      ok: false,
      message: 'the baseline "gen" ran with requests stopping at EOS, this run with every request run to max_new_tokens (ignore_eos); they generate different amounts of work, so comparisons need the same setting',
    });
  });

  it("refuses a baseline with no backend to compare with (none of the same name, nor as many to pair by position)", () => {
    const base = runOf(sealed(draft)); // one backend, "a"
    const renamed = (names: string[]) => checkBaseline(sealed({ ...draft, backends: names.map((name) => ({ name, dialect: "sglang", baseUrl: "http://127.0.0.1:9" })) }), base);
    expect(renamed(["x", "y"])).toEqual({ ok: false, message: 'the baseline "gen" measured "a", this run "x", "y": no backend to compare with (it needs one of the same name, or as many backends to pair by position)' });
    expect(renamed(["x"])).toEqual({ ok: true }); // one each: paired by position
    expect(renamed(["x", "a"])).toEqual({ ok: true });
  });

  it("the request hash is the input's identity: key order and spelled-out defaults do not change it", () => {
    const a = requestHash([{ kind: "score", query: [1], items: [[2]], labelIds: [3] }]);
    const b = requestHash([{ labelIds: [3], itemFirst: false, applySoftmax: true, items: [[2]], query: [1], kind: "score" }]);
    expect(a).toBe(b);
    expect(requestHash([{ kind: "score", query: [1], items: [[2]], labelIds: [3], applySoftmax: false }])).not.toBe(a);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const spec = sealed(draft);
    const edited = sealSpec(BenchmarkDraft.parse({ ...draft, requestHash: spec.requestHash, requests: [{ kind: "generate", ids: [9] }] }));
    expect(edited.ok).toBe(false);
    if (!edited.ok) expect(edited.message).toMatch(/^requestHash: the file says sha256:.* but its requests hash to sha256:.*; the requests were edited/);
  });

  it("writes one CSV row per request with the server's counts", () => {
    const csv = seriesCsv(runOf(sealed(draft)).series).trim().split("\n");
    expect(csv).toHaveLength(1 + 4 + 3);
    expect(csv[0]).toBe(
      "backend,level,trial,warmup,request,snapshot,series_start_ms,start_offset_ms,send_lag_ms,ttft_ms,e2e_ms,tpot_ms,output_tokens,prompt_tokens,cached_tokens,items,chunks,ok,error_kind",
    );
    // series_start_ms: where each (backend, level, trial) series sits on the run's clock
    expect(csv[1]).toBe("a,1,0,false,0,0,12.5,0,0,20,42,11,3,10,0,0,3,true,");
    expect(csv[6]).toBe("a,1,1,false,1,0,300,4,0,23,,,,,,0,2,false,stream-cut");
  });

  it("quotes CSV fields with commas, quotes or line breaks, and defuses spreadsheet formulas in names", () => {
    const series = [runSeries('=HYPERLINK("x"),\r', 1, 0, TRIAL0, 0)];
    const row = seriesCsv(series).split("\n")[1] as string;
    expect(row.startsWith(`"'=HYPERLINK(""x""),\r",1,0,`)).toBe(true);
  });
});
