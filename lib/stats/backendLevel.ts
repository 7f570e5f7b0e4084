import type { BackendLevel, SeriesData } from "../schemas/benchmarkRun";
import type { Saturation, Slo, TimePoint } from "../schemas/stats";
import { max, percentile } from "./descriptive";
import { goodput } from "./goodput";
import { levelMetrics } from "./level";
import { detectSaturation } from "./saturation";
import { concatTrials, seriesToRecords } from "./seriesRecords";

/**
 * One backend at one level, from its stored series: latency summaries, throughput, goodput, saturation,
 * send lag and prefix-cache hit rate. Trials are pooled (laid end to end in time, see concatTrials).
 */

export interface TrialData {
  series: SeriesData;
  /** Server queue length samples, tMs relative to the level's start. */
  queue: TimePoint[];
}

export interface BackendLevelInput {
  name: string;
  trials: TrialData[];
  /** Warmup requests sent before this level (counted apart, never in the metrics). */
  warmup: number;
  /** No SLO given → goodput is null. */
  slo: Slo;
  /** The latency whose growth, with the queue's, marks saturation: ttft for streams, e2e otherwise. */
  saturationLatency: "ttft" | "e2e";
  /** Open loop: report send lag. */
  open: boolean;
  seed: number;
}

const SATURATION_RANK: Record<Saturation["status"], number> = { saturated: 2, stable: 1, "insufficient-data": 0 };

function latencyPoints(series: SeriesData, which: "ttft" | "e2e"): TimePoint[] {
  const values = which === "ttft" ? series.ttftMs : series.e2eMs;
  const out: TimePoint[] = [];
  values.forEach((v, i) => {
    if (v !== null && series.ok[i]) out.push({ tMs: series.startOffsetMs[i] as number, value: v });
  });
  return out;
}

/** The most telling trial's verdict: saturated beats stable beats too little data. */
function worstSaturation(trials: TrialData[], which: "ttft" | "e2e"): Saturation {
  let worst: Saturation | null = null;
  for (const t of trials) {
    const s = detectSaturation({ queue: t.queue, ttft: latencyPoints(t.series, which) });
    if (worst === null || SATURATION_RANK[s.status] > SATURATION_RANK[worst.status]) worst = s;
  }
  return (
    worst ?? {
      status: "insufficient-data",
      queue: { n: 0, slopePerS: null, z: null, increasing: false },
      ttft: { n: 0, slopePerS: null, z: null, increasing: false },
      reason: "No trial was measured at this level.",
    }
  );
}

function cacheHitRate(trials: TrialData[]): number | null {
  let cached = 0;
  let prompt = 0;
  for (const { series } of trials) {
    series.promptTokens.forEach((p, i) => {
      const c = series.cachedTokens[i];
      if (series.ok[i] && p !== null && p !== undefined && c !== null && c !== undefined) {
        cached += c;
        prompt += p;
      }
    });
  }
  return prompt > 0 ? cached / prompt : null;
}

export function backendLevel(input: BackendLevelInput): BackendLevel {
  const records = concatTrials(input.trials.map((t) => seriesToRecords(t.series)));
  const m = levelMetrics(records, { bootstrap: { seed: input.seed } });
  const hasSlo = Object.values(input.slo).some((v) => v !== undefined);
  const lags = input.trials.flatMap((t) => t.series.sendLagMs);
  return {
    name: input.name,
    counts: {
      total: m.requests.total,
      ok: m.requests.ok,
      errors: m.requests.failed,
      errorRate: m.requests.errorRate,
      byKind: m.errorsByKind,
      warmup: input.warmup,
    },
    metrics: { ttftMs: m.ttft, itlMs: m.itl, tpotMs: m.tpot, e2eMs: m.e2e },
    throughput: {
      requestsPerSec: m.throughput.requests.perS,
      itemsPerSec: m.throughput.items.perS,
      outputTokensPerSec: m.throughput.outputTokensMissing > 0 && m.throughput.outputTokens.total === 0 ? null : m.throughput.outputTokens.perS,
      ci95: {
        requestsPerSec: m.throughput.requests.ci95,
        itemsPerSec: m.throughput.items.ci95,
        outputTokensPerSec: m.throughput.outputTokens.ci95,
      },
      durationMs: m.throughput.durationMs,
      concurrency: m.throughput.concurrency,
      outputTokensMissing: m.throughput.outputTokensMissing,
    },
    goodput: hasSlo ? goodput(records, input.slo, m.throughput.durationMs) : null,
    saturation: worstSaturation(input.trials, input.saturationLatency),
    sendLagMs: input.open ? { p50: percentile(lags, 50), p99: percentile(lags, 99), max: max(lags) } : null,
    cacheHitRate: cacheHitRate(input.trials),
    trials: input.trials.length,
  };
}
