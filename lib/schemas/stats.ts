import { z } from "zod";
import { BackendErrorKind } from "./backend";

/**
 * Wire types of benchmark statistics (lib/stats). Times are milliseconds, rates per second. A null
 * statistic means "no samples" and always sits next to its n, so the UI can say "no data", not 0.
 */

const count = z.number().int().nonnegative();
const maybeNum = z.number().nullable();

/** One request as the runner measured it: raw timings only, no aggregation (STYLE habit 3). */
export const RequestRecord = z.object({
  /** Send time relative to the level's start. */
  startOffsetMs: z.number(),
  /** Send → first chunk carrying a token; null for non-streamed requests or when no token came. */
  ttftMs: z.number().nonnegative().nullable(),
  /** Send → last byte; null when the request never completed (timeout, cut). */
  e2eMs: z.number().nonnegative().nullable(),
  /** Arrival time of each streamed chunk, relative to send. */
  chunkTimesMs: z.array(z.number().nonnegative()),
  /** Tokens each chunk added, from the server's cumulative counts (0 for chunks without a token). */
  chunkTokens: z.array(count),
  /** The server's output token count (meta_info.completion_tokens / usage); never counted from chunks. */
  outputTokens: count.nullable(),
  /** Score items in the request (for items/s); 0 for a generate request. */
  items: count,
  ok: z.boolean(),
  errorKind: BackendErrorKind.nullable(),
});
export type RequestRecord = z.infer<typeof RequestRecord>;

export const Interval = z.tuple([z.number(), z.number()]).nullable();
export type Interval = z.infer<typeof Interval>;

/** Resampling settings: B replicates, a seed (same seed → same interval), the interval's level. */
export const BootstrapOptions = z.object({
  B: z.number().int().min(1).default(1000),
  seed: z.number().default(0),
  level: z.number().gt(0).lt(1).default(0.95),
});
export type BootstrapOptions = z.input<typeof BootstrapOptions>;

/** Percentiles by linear interpolation (numpy's default), std with ddof = 0 (numpy's default). */
export const Summary = z.object({
  n: count,
  /** Non-finite or null samples left out. */
  dropped: count,
  mean: maybeNum,
  std: maybeNum,
  min: maybeNum,
  max: maybeNum,
  p50: maybeNum,
  p90: maybeNum,
  p95: maybeNum,
  p99: maybeNum,
  /** Seeded percentile-bootstrap 95% intervals. */
  ci95: z.object({ p50: Interval, p95: Interval, p99: Interval }),
});
export type Summary = z.infer<typeof Summary>;

/** A rate with its n and a seeded bootstrap interval over time windows (see lib/stats/throughput). */
export const Rate = z.object({ perS: maybeNum, total: z.number().nonnegative(), ci95: Interval });
export type Rate = z.infer<typeof Rate>;

export const Throughput = z.object({
  /** First send → last completion of the level. */
  durationMs: maybeNum,
  requests: Rate,
  items: Rate,
  outputTokens: Rate,
  /** Successful requests whose server token count is missing (left out of outputTokens). */
  outputTokensMissing: count,
  /** Σ e2e / duration: how many requests were in flight on average. */
  concurrency: maybeNum,
});
export type Throughput = z.infer<typeof Throughput>;

export const LevelMetrics = z.object({
  requests: z.object({ total: count, ok: count, failed: count, errorRate: maybeNum }),
  errorsByKind: z.record(z.string(), count),
  throughput: Throughput,
  ttft: Summary,
  tpot: Summary,
  itl: Summary,
  e2e: Summary,
});
export type LevelMetrics = z.infer<typeof LevelMetrics>;

/** Service-level objectives in ms; a goodput request meets every one given. */
export const Slo = z.strictObject({
  ttftMs: z.number().positive().optional(),
  tpotMs: z.number().positive().optional(),
  e2eMs: z.number().positive().optional(),
});
export type Slo = z.infer<typeof Slo>;

export const Goodput = z.object({
  /** Requests judged (all requests of the level; failed ones never meet an SLO). */
  n: count,
  met: count,
  fraction: maybeNum,
  perS: maybeNum,
});
export type Goodput = z.infer<typeof Goodput>;

/** B − A for one statistic, with a seeded bootstrap interval of the difference. */
export const AbDifference = z.object({
  a: maybeNum,
  b: maybeNum,
  diff: maybeNum,
  /** (b − a) / a in percent; null when a is 0 or missing. */
  relativePct: maybeNum,
  ci95: Interval,
  /** True only when the interval of the difference excludes 0. */
  significant: z.boolean(),
  nA: count,
  nB: count,
});
export type AbDifference = z.infer<typeof AbDifference>;

export const GateName = z.enum(["throughput", "p95", "error-rate", "parity"]);
export type GateName = z.infer<typeof GateName>;

export const GateThresholds = z.strictObject({
  /** A throughput drop of this many percent or more fails. */
  throughputDropPct: z.number().nonnegative().default(10),
  /** A p95 latency increase of this many percent or more fails. */
  p95IncreasePct: z.number().nonnegative().default(15),
  /** An error-rate increase of this many percentage points or more fails. */
  errorRateIncreasePts: z.number().nonnegative().default(1),
});
export type GateThresholds = z.input<typeof GateThresholds>;

export const Gate = z.object({
  name: GateName,
  /** Change from baseline (%, or points for error-rate); null for parity or missing data. */
  value: maybeNum,
  threshold: maybeNum,
  pass: z.boolean(),
  reason: z.string(),
});
export type Gate = z.infer<typeof Gate>;

export const GateReport = z.object({ pass: z.boolean(), gates: z.array(Gate) });
export type GateReport = z.infer<typeof GateReport>;

export const TimePoint = z.object({ tMs: z.number(), value: z.number() });
export type TimePoint = z.infer<typeof TimePoint>;

export const Trend = z.object({
  n: count,
  /** Least-squares slope, per second. */
  slopePerS: maybeNum,
  /** Mann–Kendall z statistic (tie-corrected). */
  z: maybeNum,
  increasing: z.boolean(),
});
export type Trend = z.infer<typeof Trend>;

export const Saturation = z.object({
  status: z.enum(["saturated", "stable", "insufficient-data"]),
  queue: Trend,
  ttft: Trend,
  reason: z.string(),
});
export type Saturation = z.infer<typeof Saturation>;
