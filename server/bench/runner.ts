import type { BackendConfig } from "../../lib/schemas/backend";
import { levelLabel, levelsOf, type BenchmarkSpec } from "../../lib/schemas/benchmark";
import type { BenchProgress, Fingerprint, ProfileRecord, RunSeries, SeriesData, TelemetrySeries } from "../../lib/schemas/benchmarkRun";
import { appendToSeries, emptySeries } from "../../lib/stats/seriesRecords";
import { adapters } from "../adapters/registry";
import { resolveLoadModel } from "../adapters/loadRequest";
import type { StudioVersion } from "../version";
import { takeFingerprint } from "./fingerprint";
import { loadModeFor, preparedForLevel, socketsFor } from "./levelRequests";
import { runLevel, type LoadMode, type RecordedSample } from "./loadLevel";
import { ProfileSession } from "./profile";
import { ProgressTracker } from "./progress";
import { TimedSender } from "./sender";
import { ErrorWatch } from "./stopRules";
import { TelemetrySampler } from "./telemetry";

/**
 * Runs one benchmark: preflight (each backend answers its health check; the `model` a request needs is
 * resolved), fingerprint, then per trial a warmup per backend and every level, one backend after the
 * other or both at once. Each finished (backend, level, trial) goes to the sink at once, so a cancel, a
 * stop on errors or a crash keeps what was measured. Storage-agnostic: the job queue's sink writes to
 * the database, the command line's keeps it in memory.
 */

export interface RunBackend {
  name: string;
  /** With its API key: resolved by the caller, never read from the spec. */
  config: BackendConfig;
}

export interface RunSink {
  fingerprint(f: Fingerprint): Promise<void>;
  series(s: RunSeries): Promise<void>;
  telemetry(t: TelemetrySeries[]): Promise<void>;
}

export interface RunContext {
  runId: string;
  spec: BenchmarkSpec;
  backends: RunBackend[];
  /** Aborted by a cancel. */
  signal: AbortSignal;
  publish: (p: BenchProgress) => void;
  sink: RunSink;
  version: StudioVersion;
  /** Where profile traces readable from this host are copied; null = not attached. */
  attachDir: string | null;
}

/** The parsed answer of one request per backend and level (trial 0): what the parity gate compares. */
export type ParityFinals = Map<number, Map<string, unknown>>;

export interface RunOutcome {
  status: "done" | "failed" | "cancelled";
  reason: string | null;
  fingerprint: Fingerprint | null;
  series: RunSeries[];
  telemetry: TelemetrySeries[];
  profiles: ProfileRecord[];
  parity: ParityFinals;
  runStartEpochMs: number;
}

const PREFLIGHT_TIMEOUT_MS = 15_000;

interface Ready extends RunBackend {
  model: string | null;
  index: number;
}

/** Health and `model` of every backend before any load; the first failure is the run's reason. */
async function preflight(backends: RunBackend[]): Promise<{ ok: true; ready: Ready[] } | { ok: false; reason: string }> {
  const checks = await Promise.all(
    backends.map(async (b, index) => {
      const health = await adapters[b.config.dialect].health(b.config, { timeoutMs: PREFLIGHT_TIMEOUT_MS });
      if (!health.ok) return { ok: false as const, reason: `backend "${b.name}" is not reachable at start: ${health.error.message}` };
      const model = await resolveLoadModel(b.config, { timeoutMs: PREFLIGHT_TIMEOUT_MS });
      if (!model.ok) return { ok: false as const, reason: `backend "${b.name}": ${model.error.message}` };
      return { ok: true as const, ready: { ...b, model: model.model, index } };
    }),
  );
  const bad = checks.find((c) => !c.ok);
  if (bad && !bad.ok) return { ok: false, reason: bad.reason };
  return { ok: true, ready: checks.map((c) => (c as { ready: Ready }).ready) };
}

export async function runBenchmark(ctx: RunContext): Promise<RunOutcome> {
  const { spec } = ctx;
  const runT0 = performance.now();
  const out: RunOutcome = {
    status: "done",
    reason: null,
    fingerprint: null,
    series: [],
    telemetry: [],
    profiles: [],
    parity: new Map(),
    runStartEpochMs: Date.now(),
  };
  const pre = await preflight(ctx.backends);
  if (!pre.ok) return { ...out, status: "failed", reason: pre.reason };
  if (ctx.signal.aborted) return { ...out, status: "cancelled", reason: "cancelled before the first request" };

  out.fingerprint = await takeFingerprint(ctx.version, ctx.backends, PREFLIGHT_TIMEOUT_MS);
  await ctx.sink.fingerprint(out.fingerprint);

  const stopCtl = new AbortController();
  let stopReason: string | null = null;
  const stop = (reason: string) => {
    if (stopReason !== null) return;
    stopReason = reason;
    stopCtl.abort();
  };
  const signal = AbortSignal.any([ctx.signal, stopCtl.signal]);
  const samplers = new Map(pre.ready.map((b) => [b.name, new TelemetrySampler(b.name, b.config, spec.telemetryIntervalMs, runT0)]));
  for (const s of samplers.values()) s.start();
  const levels = levelsOf(spec.load);
  const latency = spec.gates.latency;

  const saveSeries = async (s: RunSeries) => {
    out.series.push(s);
    await ctx.sink.series(s);
  };

  /** One backend, one level (or its warmup), start to end: sends, tracks, brackets with a profile, stores. */
  const measure = async (b: Ready, level: number, levelIndex: number, trial: number, warmup: boolean): Promise<RecordedSample[]> => {
    const base = loadModeFor(spec, level, levelIndex, trial);
    const mode: LoadMode = warmup ? warmupMode(base, spec.warmup) : base;
    const sampler = samplers.get(b.name);
    sampler?.setLevel(warmup ? null : level);
    const profiled = !warmup && spec.profile?.levels.includes(level);
    const profile = profiled
      ? await ProfileSession.begin({ name: b.name, backend: b.config, level, trial, numSteps: spec.profile?.numSteps, outputDir: spec.profile?.outputDir, runT0 })
      : null;
    const where = `backend "${b.name}" at ${levelLabel(spec.load, level)}${warmup ? " (warmup)" : ""}`;
    const watch = new ErrorWatch(spec.stop, where);
    const progress = new ProgressTracker(
      { runId: ctx.runId, backend: b.name, level, trial, phase: warmup ? "warmup" : "measure", total: warmup ? spec.warmup : (spec.requestsPerLevel ?? null), latency },
      ctx.publish,
    );
    const data: SeriesData = emptySeries();
    const sender = new TimedSender(socketsFor(mode));
    const startMs = performance.now() - runT0;
    try {
      const result = await runLevel(
        {
          mode,
          requests: preparedForLevel(spec, level, b.config, b.model),
          ...(warmup ? { count: spec.warmup } : spec.requestsPerLevel !== undefined ? { count: spec.requestsPerLevel } : { durationMs: (spec.secondsPerLevel ?? 0) * 1000 }),
          timeoutMs: spec.stop.requestTimeoutS * 1000,
          signal,
          captureFinal: !warmup && trial === 0,
          onSample: (s) => {
            appendToSeries(data, s);
            progress.add(s);
            const reason = watch.add(s);
            if (reason) stop(reason);
          },
        },
        sender,
      );
      if (result.finalJson !== undefined) {
        const byBackend = out.parity.get(level) ?? new Map<string, unknown>();
        byBackend.set(b.name, result.finalJson);
        out.parity.set(level, byBackend);
      }
      if (warmup && result.samples.length > 0 && !result.samples.some((s) => s.ok)) {
        const first = result.samples.find((s) => s.error)?.error?.message ?? "unknown error";
        stop(`stopped: ${where}: every warmup request failed; first error: ${first}`);
      }
      return result.samples;
    } finally {
      sender.close();
      progress.finish();
      sampler?.setLevel(null);
      if (profile) out.profiles.push(await profile.end(ctx.attachDir));
      if (data.startOffsetMs.length > 0) await saveSeries({ backend: b.name, level, trial, warmup, startMs, data });
    }
  };

  const eachBackend = async (fn: (b: Ready) => Promise<unknown>) => {
    if (spec.schedule === "concurrent") await Promise.all(pre.ready.map(fn));
    else for (const b of pre.ready) if (!signal.aborted) await fn(b);
  };

  ctx.publish({ type: "status", runId: ctx.runId, status: "running", reason: null, at: new Date().toISOString() });
  try {
    for (let trial = 0; trial < spec.trials && !signal.aborted; trial++) {
      const first = levels[0] as number;
      if (spec.warmup > 0) await eachBackend((b) => measure(b, first, 0, trial, true));
      for (let i = 0; i < levels.length && !signal.aborted; i++) {
        await eachBackend((b) => measure(b, levels[i] as number, i, trial, false));
        await ctx.sink.telemetry([...samplers.values()].map((s) => s.series()));
      }
    }
  } finally {
    await Promise.all([...samplers.values()].map((s) => s.stop()));
    out.telemetry = [...samplers.values()].map((s) => s.series());
    await ctx.sink.telemetry(out.telemetry);
  }
  if (ctx.signal.aborted) return { ...out, status: "cancelled", reason: "cancelled; the requests measured so far are kept" };
  if (stopReason !== null) return { ...out, status: "failed", reason: stopReason };
  return out;
}

/**
 * Warmup runs closed-loop at the first level's concurrency (or the open loop's cap), never more at once than
 * it has requests — warmup that ignored the concurrency limit skewed SGLang's TTFT (peer-tools A3).
 */
function warmupMode(mode: LoadMode, warmup: number): LoadMode {
  if (mode.kind === "closed") return { kind: "closed", concurrency: Math.min(mode.concurrency, warmup) };
  return { kind: "closed", concurrency: Math.min(mode.maxConcurrency ?? warmup, warmup) };
}
