import type { Summary } from "../schemas/stats";
import { e2eOf, itlOf, tpotOf, ttftOf } from "../stats/requestMetrics";
import { seriesToRecords } from "../stats/seriesRecords";
import { summarize } from "../stats/summarize";
import { seriesFromDetails } from "./details";
import { missingSummary, summaryFromKeys } from "./fileSummary";
import { numberField } from "./pythonJson";
import type { ImportedLevel, ImportSource } from "./types";

/**
 * One result object of either tool in our terms. Latency summaries come from the per-request arrays when
 * the file has them (all percentiles, bootstrap intervals), else from the tool's aggregates (only the
 * statistics it printed; the rest stay missing). Throughput and duration are the tool's own.
 */

/** The E2E key stem differs: bench_serving `mean_e2e_latency_ms`, vLLM `mean_e2el_ms`. */
const E2E_STEM: Record<ImportSource, string> = { bench_serving: "e2e_latency", vllm: "e2el" };

const finite = (v: unknown): number | null => {
  const n = numberField(v);
  return n !== null && Number.isFinite(n) ? n : null;
};

const HEADLINE = [
  "duration",
  "completed",
  "failed",
  "request_throughput",
  "output_throughput",
  "total_output_tokens",
  "request_goodput",
  "concurrency",
  "max_concurrent_requests",
  "mean_ttft_ms",
  "median_ttft_ms",
  "p99_ttft_ms",
  "mean_tpot_ms",
  "median_tpot_ms",
  "p99_tpot_ms",
  "mean_itl_ms",
  "median_itl_ms",
  "p95_itl_ms",
  "p99_itl_ms",
] as const;

function headline(raw: Record<string, unknown>, source: ImportSource): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of HEADLINE) if (k in raw) out[k] = finite(raw[k]);
  for (const stat of ["mean", "median", "p90", "p99"]) {
    const k = `${stat}_${E2E_STEM[source]}_ms`;
    if (k in raw) out[k] = finite(raw[k]);
  }
  return out;
}

export function importedLevel(raw: Record<string, unknown>, line: number, level: number, source: ImportSource, notes: string[]): ImportedLevel {
  const completed = finite(raw.completed);
  const details = seriesFromDetails(raw);
  const where = `line ${line}`;
  let metrics: { ttftMs: Summary; itlMs: Summary; tpotMs: Summary; e2eMs: Summary };
  let ok = completed ?? 0;
  let errors: number | null = finite(raw.failed);
  const byKind: Record<string, number> = {};
  if (details) {
    const records = seriesToRecords(details.series);
    metrics = {
      ttftMs: summarize(records.map(ttftOf)),
      itlMs: summarize(records.flatMap((r) => itlOf(r).valuesMs)),
      tpotMs: summarize(records.map(tpotOf)),
      e2eMs: summarize(records.map(e2eOf)),
    };
    ok = records.filter((r) => r.ok).length;
    errors = records.length - ok;
    for (const r of records) if (!r.ok) byKind[r.errorKind ?? "http"] = (byKind[r.errorKind ?? "http"] ?? 0) + 1;
    for (const n of details.notes) if (!notes.includes(n)) notes.push(n);
  } else {
    const pick = (stem: string, name: string) => {
      const s = summaryFromKeys(raw, stem, completed);
      if (!s) notes.push(`${where}: no ${name} statistics in the file`);
      return s ?? missingSummary();
    };
    metrics = { ttftMs: pick("ttft", "TTFT"), itlMs: pick("itl", "ITL"), tpotMs: pick("tpot", "TPOT"), e2eMs: pick(E2E_STEM[source], "E2E") };
    if (metrics.e2eMs.p95 === null) notes.push(`${where}: the file has no p95 latency (no per-request data), so the p95 gate cannot judge this run`);
  }
  if (errors === null) notes.push(`${where}: the file does not say how many requests failed; the error rate is missing`);
  const total = ok + (errors ?? 0);
  const durationS = finite(raw.duration);
  return {
    line,
    level,
    result: {
      name: "",
      counts: { total, ok, errors: errors ?? 0, errorRate: errors === null ? null : total > 0 ? errors / total : null, byKind, warmup: 0 },
      metrics,
      throughput: {
        requestsPerSec: finite(raw.request_throughput),
        itemsPerSec: null,
        outputTokensPerSec: finite(raw.output_throughput),
        ci95: { requestsPerSec: null, itemsPerSec: null, outputTokensPerSec: null },
        durationMs: durationS !== null ? durationS * 1000 : null,
        concurrency: finite(raw.concurrency),
        outputTokensMissing: 0,
      },
      goodput: null,
      saturation: {
        status: "insufficient-data",
        queue: { n: 0, slopePerS: null, z: null, increasing: false },
        ttft: { n: 0, slopePerS: null, z: null, increasing: false },
        reason: "Imported result: no server telemetry and no send times, so saturation cannot be judged.",
      },
      sendLagMs: null,
      cacheHitRate: finite(raw.cache_hit_rate),
      trials: 1,
    },
    series: details?.series ?? null,
    tool: headline(raw, source),
  };
}
