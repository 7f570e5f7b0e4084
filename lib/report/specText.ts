import { levelsOf, type BenchmarkSpec } from "../schemas/benchmark";

/** A benchmark's setup in a few lines of words (results page, reports). */
export function loadText(spec: Pick<BenchmarkSpec, "load">): string {
  const l = spec.load;
  switch (l.kind) {
    case "closed":
      return `closed loop at concurrency ${l.concurrency.join(", ")}`;
    case "open":
      return `open loop at ${l.rates.join(", ")} requests/s, ${l.arrival} arrivals${l.arrival === "gamma" ? ` (burstiness ${l.burstiness})` : ""}${l.maxConcurrency ? `, at most ${l.maxConcurrency} in flight` : ""}`;
    case "items":
      return `${l.items.join(", ")} items per score request at concurrency ${l.concurrency}`;
  }
}

export function requestText(spec: Pick<BenchmarkSpec, "requests">): string {
  const r = spec.requests[0];
  if (!r) return "no request";
  const more = spec.requests.length > 1 ? ` (+${spec.requests.length - 1} more snapshots)` : "";
  if (r.kind === "score") {
    return `/v1/score: query of ${r.query.length} tokens, ${r.items.length} items, ${r.labelIds.length} labels${r.applySoftmax ? ", softmax" : ""}${more}`;
  }
  return `/generate (streamed): prompt of ${r.ids.length} tokens, up to ${r.sampling.maxNewTokens} new tokens at temperature ${r.sampling.temperature}${more}`;
}

export function sloText(spec: Pick<BenchmarkSpec, "slo">): string {
  const parts = [
    spec.slo.ttftMs !== undefined ? `TTFT ≤ ${spec.slo.ttftMs} ms` : null,
    spec.slo.tpotMs !== undefined ? `TPOT ≤ ${spec.slo.tpotMs} ms` : null,
    spec.slo.e2eMs !== undefined ? `E2E ≤ ${spec.slo.e2eMs} ms` : null,
  ].filter((x): x is string => x !== null);
  return parts.length > 0 ? parts.join(", ") : "none (no goodput)";
}

export function gatesText(spec: Pick<BenchmarkSpec, "gates" | "requests">): string {
  const t = spec.gates.thresholds;
  const parity = spec.gates.parity === null ? "parity off" : `parity ${spec.gates.parity?.name ?? (spec.requests[0]?.kind === "score" ? "score-gate" : "default rule")}`;
  return `throughput −${t.throughputDropPct}% fails, p95 ${spec.gates.latency.toUpperCase()} +${t.p95IncreasePct}% fails, error rate +${t.errorRateIncreasePts} pt fails, ${parity}`;
}

export function sizeText(spec: BenchmarkSpec): string {
  const per = spec.requestsPerLevel !== undefined ? `${spec.requestsPerLevel} requests` : `${spec.secondsPerLevel} s`;
  const schedule = spec.schedule === "concurrent" ? "both backends at the same time" : "one backend after the other";
  return `${per} per level × ${levelsOf(spec.load).length} levels × ${spec.trials} trial${spec.trials > 1 ? "s" : ""}, warmup ${spec.warmup} per backend, ${schedule}, seed ${spec.seed}`;
}

/** Which generate requests asked for logprobs (BenchmarkSpec.logprobs). */
export function logprobsText(spec: Pick<BenchmarkSpec, "logprobs">): string {
  return spec.logprobs === "parity-only"
    ? "the timed requests ask for none, as bench_serving sends them; parity judges one request per snapshot with logprobs, sent after each level, not timed"
    : "every request asks for the cell's logprobs (the server's logprob work is in the timings)";
}

/** Label → text pairs, in reading order. */
export function specLines(spec: BenchmarkSpec): [string, string][] {
  return [
    ["request", requestText(spec)],
    ["backends", spec.backends.map((b, i) => `${i === 0 ? "A" : "B"}: ${b.name} (${b.dialect}, ${b.baseUrl}${b.model ? `, ${b.model}` : ""})`).join("; ")],
    ["load", loadText(spec)],
    ...(spec.requests[0]?.kind === "generate"
      ? ([
          ["logprobs", logprobsText(spec)],
          ["output length", spec.ignoreEos ? "every request runs to max_new_tokens (ignore_eos), as bench_serving runs them" : "each request stops at EOS or a stop string, as the cell does"],
        ] as [string, string][])
      : []),
    ["size", sizeText(spec)],
    ["SLOs", sloText(spec)],
    ["gates", gatesText(spec)],
    ["request hash", spec.requestHash],
  ];
}
