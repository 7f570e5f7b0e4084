import type { RunSeries, SeriesData } from "../../../lib/schemas/benchmarkRun";
import { appendToSeries, emptySeries } from "../../../lib/stats/seriesRecords";

/**
 * Two trials of one generate level, small enough to check by hand. The expected numbers in the tests
 * come from numpy (np.percentile linear, np.std ddof 0) on the same values — see each test.
 */
type Req = { start: number; chunks: number[]; toks: number[]; e2e: number | null; prompt: number | null; cached: number | null };

export function series(reqs: Req[]): SeriesData {
  const d = emptySeries();
  for (const r of reqs) {
    const ok = r.e2e !== null;
    appendToSeries(d, {
      startOffsetMs: r.start,
      ttftMs: r.chunks[0] ?? null,
      e2eMs: r.e2e,
      chunkTimesMs: r.chunks,
      chunkTokens: r.toks,
      outputTokens: ok ? r.toks.reduce((s, x) => s + x, 0) : null,
      items: 0,
      ok,
      errorKind: ok ? null : "stream-cut",
      promptTokens: r.prompt,
      cachedTokens: r.cached,
      snapshot: 0,
      sendLagMs: 0,
      error: ok ? null : { kind: "stream-cut", message: "cut" },
    });
  }
  return d;
}

export const TRIAL0 = series([
  { start: 0, chunks: [20, 30, 41], toks: [1, 1, 1], e2e: 42, prompt: 10, cached: 0 },
  { start: 5, chunks: [22, 31, 45], toks: [1, 2, 1], e2e: 46, prompt: 10, cached: 8 },
  { start: 10, chunks: [25, 37, 50], toks: [2, 1, 1], e2e: 51, prompt: 10, cached: 8 },
  { start: 15, chunks: [30, 42, 55], toks: [1, 1, 3], e2e: 56, prompt: 10, cached: 8 },
]);

export const TRIAL1 = series([
  { start: 0, chunks: [21, 33, 44], toks: [1, 1, 1], e2e: 45, prompt: 10, cached: 8 },
  { start: 4, chunks: [23, 30], toks: [1, 1], e2e: null, prompt: null, cached: null },
  { start: 9, chunks: [24, 36, 49], toks: [1, 1, 2], e2e: 50, prompt: 10, cached: 8 },
]);

/** numpy on the successful requests of both trials (python3 + numpy 2.4). */
export const NUMPY = {
  ttft: { n: 6, mean: 23.666666666666668, std: 3.2998316455372216, p50: 23.0, p90: 27.5, p95: 28.75, p99: 29.75 },
  e2e: { n: 6, mean: 48.333333333333336, std: 4.570436400267363, p50: 48.0, p90: 53.5, p95: 54.75, p99: 55.75 },
  /** One sample per token of each chunk after the first (bench_serving's itl.extend([gap / k] * k)). */
  itl: { n: 16, mean: 8.875, std: 3.5714434523499508, p50: 10.5, p90: 12.5, p95: 13.25, p99: 13.85 },
  tpot: { n: 6, mean: 9.138888888888888, std: 1.8419410722333782, p50: 8.666666666666666, p90: 11.5, p95: 11.75, p99: 11.95 },
  /** Trial spans laid end to end: (15 + 56) + (9 + 50) ms. */
  durationMs: 130,
  requestsPerSec: 46.15384615384615,
  outputTokensPerSec: 176.92307692307693,
  cacheHitRate: 0.6666666666666666,
};

export function runSeries(backend: string, level: number, trial: number, data: SeriesData, startMs = 0): RunSeries {
  return { backend, level, trial, warmup: false, startMs, data };
}

/** A series whose e2e latencies are `e2e` (score-like: no stream), sent back to back. */
export function scoreSeries(e2e: number[], items = 2): SeriesData {
  const d = emptySeries();
  let t = 0;
  for (const v of e2e) {
    appendToSeries(d, {
      startOffsetMs: t,
      ttftMs: null,
      e2eMs: v,
      chunkTimesMs: [],
      chunkTokens: [],
      outputTokens: null,
      items,
      ok: true,
      errorKind: null,
      promptTokens: 12,
      cachedTokens: 0,
      snapshot: 0,
      sendLagMs: 0,
      error: null,
    });
    t += v;
  }
  return d;
}
