import { z } from "zod";
import { BackendErrorKind, BackendIdentity } from "./backend";
import { BenchmarkSpec, RequestHash } from "./benchmark";
import { Dialect } from "./dialect";
import { Verdict } from "./parity";
import { AbDifference, Gate, Goodput, Interval, Saturation, Summary } from "./stats";

/**
 * What a benchmark run produces: per level and backend the latency summaries, throughput, goodput and
 * saturation; gates; the environment fingerprint; server telemetry; profiles; and (in the run file) every
 * request, column-wise. The run file `{format: "sglang-studio.benchmark-run", version: 1, …}` is what
 * `--out` writes and `--baseline` reads.
 */

export const BENCHMARK_RUN_FORMAT = "sglang-studio.benchmark-run";

const count = z.number().int().nonnegative();
const maybeNum = z.number().nullable();

export const RunStatus = z.enum(["queued", "running", "done", "failed", "cancelled", "interrupted"]);
export type RunStatus = z.infer<typeof RunStatus>;

/** Every request of one (backend, level, trial), one array per field: compact to store and fast to load. */
export const SeriesData = z.object({
  /** Send time relative to the level's start, ms. */
  startOffsetMs: z.array(z.number()),
  ttftMs: z.array(maybeNum),
  e2eMs: z.array(maybeNum),
  /** Arrival of each streamed event, ms after send (empty for non-streamed requests). */
  chunkTimesMs: z.array(z.array(z.number())),
  /** Output tokens each event added, from the server's cumulative counts. */
  chunkTokens: z.array(z.array(count)),
  /** Server counts: completion tokens, prompt tokens, prefix-cache hits. */
  outputTokens: z.array(count.nullable()),
  promptTokens: z.array(count.nullable()),
  cachedTokens: z.array(count.nullable()),
  items: z.array(count),
  ok: z.array(z.boolean()),
  errorKind: z.array(BackendErrorKind.nullable()),
  /** Which request snapshot each request sent (index into spec.requests). */
  snapshot: z.array(count),
  /** Open loop: how late each send was against its planned arrival, ms. */
  sendLagMs: z.array(z.number()),
  /** Distinct error messages with how often each occurred (the first few). */
  errors: z.array(z.object({ kind: BackendErrorKind, message: z.string(), count })),
});
export type SeriesData = z.infer<typeof SeriesData>;

export const RunSeries = z.object({
  backend: z.string(),
  level: z.number(),
  trial: count,
  warmup: z.boolean(),
  /** When this level began, ms since the run started (puts requests and telemetry on one timeline). */
  startMs: z.number(),
  data: SeriesData,
});
export type RunSeries = z.infer<typeof RunSeries>;

export const LatencyMetrics = z.object({ ttftMs: Summary, itlMs: Summary, tpotMs: Summary, e2eMs: Summary });
export type LatencyMetrics = z.infer<typeof LatencyMetrics>;

export const BackendLevel = z.object({
  name: z.string(),
  counts: z.object({
    total: count,
    ok: count,
    errors: count,
    errorRate: maybeNum,
    byKind: z.record(z.string(), count),
    warmup: count,
  }),
  metrics: LatencyMetrics,
  throughput: z.object({
    requestsPerSec: maybeNum,
    itemsPerSec: maybeNum,
    outputTokensPerSec: maybeNum,
    ci95: z.object({ requestsPerSec: Interval, itemsPerSec: Interval, outputTokensPerSec: Interval }),
    durationMs: maybeNum,
    /** Σ e2e / duration: requests in flight on average. */
    concurrency: maybeNum,
    outputTokensMissing: count,
  }),
  /** null when the benchmark gives no SLO. */
  goodput: Goodput.nullable(),
  saturation: Saturation,
  /** Open loop only: lateness of sends against the planned arrivals. */
  sendLagMs: z.object({ p50: maybeNum, p99: maybeNum, max: maybeNum }).nullable(),
  /** Σ cached_tokens / Σ prompt_tokens over requests where the server reported both. */
  cacheHitRate: maybeNum,
  trials: count,
});
export type BackendLevel = z.infer<typeof BackendLevel>;

/** B − A at one level, when the run has two backends. */
export const LevelDifference = z.object({
  a: z.string(),
  b: z.string(),
  latencyP50: AbDifference,
  latencyP95: AbDifference,
  throughput: AbDifference,
  /** Which latency the differences read (e2e or ttft) and which throughput (items/s, tokens/s or requests/s). */
  latency: z.enum(["e2e", "ttft"]),
  throughputUnit: z.enum(["requests", "items", "outputTokens"]),
});
export type LevelDifference = z.infer<typeof LevelDifference>;

export const LevelResult = z.object({
  level: z.number(),
  label: z.string(),
  backends: z.array(BackendLevel),
  difference: LevelDifference.nullable(),
  /** Parity of A's and B's responses to the same request at this level. */
  parity: Verdict.nullable(),
});
export type LevelResult = z.infer<typeof LevelResult>;

/** A level's parity verdict as the runner takes it (stored as it goes: BenchmarkRun.parity). */
export const LevelParity = z.object({ level: z.number(), verdict: Verdict });
export type LevelParity = z.infer<typeof LevelParity>;

/** A gate at one level: `backend` judged against `against` (the other backend, or the baseline's). */
export const RunGate = Gate.extend({ level: z.number(), backend: z.string(), against: z.string() });
export type RunGate = z.infer<typeof RunGate>;

export const TelemetrySample = z.object({
  /** ms since the run started. */
  tMs: z.number(),
  /** The level this backend was running, or null between levels. */
  level: z.number().nullable(),
  queue: maybeNum,
  running: maybeNum,
  cacheHitRate: maybeNum,
  tokenUsage: maybeNum,
  genThroughput: maybeNum,
  error: z.string().nullable(),
});
export type TelemetrySample = z.infer<typeof TelemetrySample>;

export const TelemetrySeries = z.object({
  backend: z.string(),
  /** The endpoint sampled, or null when the dialect has none usable. */
  source: z.string().nullable(),
  samples: z.array(TelemetrySample),
});
export type TelemetrySeries = z.infer<typeof TelemetrySeries>;

export const ProfileFile = z.object({
  path: z.string(),
  bytes: count,
  /** Copy kept with the run, when the trace was readable from the studio's host. */
  attachedPath: z.string().nullable(),
  /** What reading its spans gave: how many were found and kept, or why none were (not a Chrome trace, malformed, cut at the size limit). */
  note: z.string().optional(),
});

/** One profiler span from the backend's own trace, on the run's clock. */
export const ProfileSpan = z.object({
  name: z.string(),
  /** ms since the run started. */
  startMs: z.number(),
  durMs: z.number().nonnegative(),
  /** The trace's process/thread the span ran on ("reference engine scheduler · scheduler steps", "pid 12 · tid 3"). */
  track: z.string(),
});
export type ProfileSpan = z.infer<typeof ProfileSpan>;

export const ProfileRecord = z.object({
  backend: z.string(),
  level: z.number(),
  trial: count,
  /** ms since the run started, and wall-clock ms, for laying the trace's spans on the run's timeline. */
  startedAtMs: z.number(),
  startedAtEpochMs: z.number(),
  stoppedAtMs: z.number().nullable(),
  outputDir: z.string().nullable(),
  files: z.array(ProfileFile),
  /** What happened, in words (started, not readable from here, failed and why). */
  note: z.string(),
  /** Where the backend wrote its trace, in words: a folder on this host, or on the backend's host (its default folder when none was sent). */
  where: z.string().optional(),
  /** Spans read from the attached trace files (the longest kept, at most PROFILE_SPAN_CAP per profile); absent in older runs. */
  spans: z.array(ProfileSpan).optional(),
  /** Spans found but not kept (over the cap). */
  spansDropped: count.optional(),
});
export type ProfileRecord = z.infer<typeof ProfileRecord>;

export const Fingerprint = z.object({
  takenAt: z.string(),
  studio: z.object({ version: z.string(), commit: z.string() }),
  host: z.object({
    cpus: count,
    cpuModel: z.string().nullable(),
    loadAvg: z.array(z.number()),
    platform: z.string(),
    release: z.string(),
    node: z.string(),
    totalMemMb: count,
  }),
  backends: z.array(
    z.object({ name: z.string(), dialect: Dialect, baseUrl: z.string(), identity: BackendIdentity.nullable() }),
  ),
});
export type Fingerprint = z.infer<typeof Fingerprint>;

export const BaselineRef = z.object({ id: z.string(), name: z.string(), requestHash: RequestHash, finishedAt: z.string().nullable() });

/** The parts of a run computed from its series (stored as BenchmarkRun.summary). */
export const RunSummary = z.object({
  levels: z.array(LevelResult),
  gates: z.array(RunGate),
  /** true when the run finished and every gate passed. */
  pass: z.boolean(),
  baseline: BaselineRef.nullable(),
  notes: z.array(z.string()),
  profiles: z.array(ProfileRecord),
  runStartEpochMs: z.number().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunResult = RunSummary.extend({
  format: z.literal(BENCHMARK_RUN_FORMAT, { error: `format must be "${BENCHMARK_RUN_FORMAT}" (a run file written by \`bench run --out\`)` }),
  version: z.literal(1, { error: "version must be 1 (the only run file version so far)" }),
  id: z.string(),
  benchmarkId: z.string().nullable(),
  name: z.string(),
  status: RunStatus,
  reason: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  requestHash: RequestHash,
  spec: BenchmarkSpec,
  fingerprint: Fingerprint.nullable(),
  telemetry: z.array(TelemetrySeries),
  series: z.array(RunSeries),
});
export type RunResult = z.infer<typeof RunResult>;

/** Live progress, published per backend and level while a run goes, and on every status change. */
export const BenchProgress = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("status"),
    runId: z.string(),
    status: RunStatus,
    reason: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal("level"),
    runId: z.string(),
    backend: z.string(),
    level: z.number(),
    trial: count,
    phase: z.enum(["warmup", "measure"]),
    done: count,
    /** null when the level is timed (secondsPerLevel). */
    total: count.nullable(),
    elapsedMs: z.number(),
    /** Completions per second over the last few seconds. */
    ratePerS: maybeNum,
    p50Ms: maybeNum,
    p95Ms: maybeNum,
    latency: z.enum(["e2e", "ttft"]),
    errors: z.record(z.string(), count),
    finished: z.boolean(),
    at: z.string(),
  }),
]);
export type BenchProgress = z.infer<typeof BenchProgress>;
export type LevelProgress = Extract<BenchProgress, { type: "level" }>;
