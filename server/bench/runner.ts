import type { BackendConfig } from "../../lib/schemas/backend";
import { BENCH_LIMITS, chunksPerRequest, levelLabel, levelsOf, type BenchmarkSpec } from "../../lib/schemas/benchmark";
import type { BenchProgress, Fingerprint, LevelParity, ProfileRecord, RunSeries, SeriesData, TelemetrySeries } from "../../lib/schemas/benchmarkRun";
import { benchmarkParityRule } from "../../lib/parity/benchmarkRule";
import { percentile } from "../../lib/stats/descriptive";
import { appendToSeries, emptySeries } from "../../lib/stats/seriesRecords";
import { adapters } from "../adapters/registry";
import type { StudioVersion } from "../version";
import { takeFingerprint } from "./fingerprint";
import { levelParity, type BackendFinals } from "./levelParity";
import { loadModeFor, preparedForLevel, socketsFor, socketsToOpen } from "./levelRequests";
import { parityProbes, runLevel, type LoadMode } from "./loadLevel";
import { ProfileSession } from "./profile";
import { ProgressTracker } from "./progress";
import { TimedSender, type PreparedRequest } from "./sender";
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
  /** Every level's parity verdict so far, replaced as each level finishes on both backends. */
  parity(p: LevelParity[]): Promise<void>;
  /** Every profile record so far, replaced as each step's profiles end. */
  profiles(p: ProfileRecord[]): Promise<void>;
  /** The run's notes so far (a timed level cut short by the storage budget). */
  notes(n: string[]): Promise<void>;
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
  /** The storage budget of timed levels (default BENCH_LIMITS; tests set a small one). */
  storage?: StorageBudget;
}

export type StorageBudget = { requestsPerLevel: number; chunksPerSeries: number; chunksPerRun: number };


export interface RunOutcome {
  status: "done" | "failed" | "cancelled" | "interrupted";
  reason: string | null;
  fingerprint: Fingerprint | null;
  series: RunSeries[];
  telemetry: TelemetrySeries[];
  profiles: ProfileRecord[];
  /** Per level, the parity verdict on the run's own answers (trial 0), in level order. */
  parity: LevelParity[];
  /** What the run had to say beyond its numbers (a timed level cut short by the storage budget). */
  notes: string[];
  runStartEpochMs: number;
}

const PREFLIGHT_TIMEOUT_MS = 15_000;
/** How often telemetry is written while a level runs (it is also written after every level). */
const TELEMETRY_SAVE_MS = 5_000;

interface Ready extends RunBackend {
  model: string | null;
  index: number;
}

/**
 * Health and `model` of every backend before any load; the first failure is the run's reason. Takes the
 * run's signal: a cancel while a backend hangs on its health check ends the run now, not after the timeout.
 */
async function preflight(backends: RunBackend[], signal: AbortSignal): Promise<{ ok: true; ready: Ready[] } | { ok: false; reason: string }> {
  const opts = { timeoutMs: PREFLIGHT_TIMEOUT_MS, signal };
  const checks = await Promise.all(
    backends.map(async (b, index) => {
      const health = await adapters[b.config.dialect].health(b.config, opts);
      if (!health.ok) return { ok: false as const, reason: `backend "${b.name}" is not reachable at start: ${health.error.message}` };
      const model = await adapters[b.config.dialect].model(b.config, opts);
      if (!model.ok) return { ok: false as const, reason: `backend "${b.name}": ${model.error.message}` };
      return { ok: true as const, ready: { ...b, model: model.model, index } };
    }),
  );
  const bad = checks.find((c) => !c.ok);
  if (bad && !bad.ok) return { ok: false, reason: bad.reason };
  return { ok: true, ready: checks.map((c) => (c as { ready: Ready }).ready) };
}

export async function runBenchmark(ctx: RunContext): Promise<RunOutcome> {
  const out: RunOutcome = {
    status: "done",
    reason: null,
    fingerprint: null,
    series: [],
    telemetry: [],
    profiles: [],
    parity: [],
    notes: [],
    runStartEpochMs: Date.now(),
  };
  const runT0 = performance.now();
  const cancelledEarly = { ...out, status: "cancelled" as const, reason: "cancelled before the first request" };
  const pre = await preflight(ctx.backends, ctx.signal);
  if (ctx.signal.aborted) return cancelledEarly;
  if (!pre.ok) return { ...out, status: "failed", reason: pre.reason };
  out.fingerprint = await takeFingerprint(ctx.version, ctx.backends, PREFLIGHT_TIMEOUT_MS, ctx.signal);
  if (ctx.signal.aborted) return cancelledEarly;
  await ctx.sink.fingerprint(out.fingerprint);
  const run = new RunInProgress(ctx, pre.ready, out, runT0);
  await run.all();
  if (ctx.signal.aborted) return { ...out, status: "cancelled", reason: "cancelled; the requests measured so far are kept" };
  if (run.stopReason !== null) return { ...out, status: "failed", reason: run.stopReason };
  return out;
}

/** Where a step is in the run. */
interface Step {
  level: number;
  levelIndex: number;
  trial: number;
  warmup: boolean;
}

/** A backend ready for a step: its requests, how it sends them, and the sender with sockets open. */
interface Prepared {
  mode: LoadMode;
  requests: PreparedRequest[];
  sender: TimedSender;
}

/** The longest a level waits for its sockets to connect before it starts anyway (its requests then time out on their own). */
const PRECONNECT_WAIT_MS = 10_000;

/** A run past its preflight: trials, warmups and levels in order, a stop on errors, telemetry alongside. */
class RunInProgress {
  stopReason: string | null = null;
  private readonly stopCtl = new AbortController();
  /** Aborted by a cancel or by a stop on errors. */
  private readonly signal: AbortSignal;
  private readonly samplers: Map<string, TelemetrySampler>;
  /** One sender per backend for the whole run: warmup's sockets carry into the levels. */
  private readonly senders = new Map<string, TimedSender>();
  /** Each backend's median warmup latency: how many sockets an open loop will need (socketsToOpen). */
  private readonly warmupE2eMs = new Map<string, number>();
  /** Streamed chunks stored so far, against BENCH_LIMITS.chunksPerRun (counted as answers arrive). */
  private chunksStored = 0;
  /** Profiles of the current step whose traces are still to be read. */
  private readonly unreadTraces: ProfileSession[] = [];
  /** Trial 0's parsed answers per level and backend, until the level's parity verdict is taken. */
  private readonly finals = new Map<number, Map<string, BackendFinals>>();
  /** The rule parity judges each level by: null when there is none, or not two backends to compare. */
  private readonly parityRule: ReturnType<typeof benchmarkParityRule>;

  constructor(
    private readonly ctx: RunContext,
    private readonly ready: Ready[],
    private readonly out: RunOutcome,
    private readonly runT0: number,
  ) {
    this.signal = AbortSignal.any([ctx.signal, this.stopCtl.signal]);
    this.parityRule = ready.length === 2 ? benchmarkParityRule(ctx.spec) : null;
    this.samplers = new Map(ready.map((b) => [b.name, new TelemetrySampler(b.name, b.config, ctx.spec.telemetryIntervalMs, runT0)]));
  }

  async all(): Promise<void> {
    const { spec } = this.ctx;
    const levels = levelsOf(spec.load);
    for (const s of this.samplers.values()) s.start();
    this.ctx.publish({ type: "status", runId: this.ctx.runId, status: "running", reason: null, at: new Date().toISOString() });
    // Telemetry is also stored every few seconds within a level, so a crash loses at most that much of it.
    // Each save rewrites every sample so far, so saves space out as the run grows (every 5 s up to 1,000
    // samples, every 50 s at 10,000): their total work stays linear. A failed periodic save is retried by
    // the next; the save after each level fails the run, as any storage error does.
    let saving: Promise<void> = Promise.resolve();
    let lastSave = performance.now();
    const periodic = spec.telemetryIntervalMs > 0
      ? setInterval(() => {
          const samples = [...this.samplers.values()].reduce((n, x) => n + x.size, 0);
          // (less a tenth: the timer that asks fires a hair before 5 s since the last save)
          if (performance.now() - lastSave < 0.9 * TELEMETRY_SAVE_MS * Math.max(1, samples / 1000)) return;
          lastSave = performance.now();
          saving = saving.then(() => this.ctx.sink.telemetry(this.telemetry())).catch(() => {});
        }, TELEMETRY_SAVE_MS)
      : null;
    const saveTelemetry = async () => {
      await saving;
      lastSave = performance.now();
      await this.ctx.sink.telemetry(this.telemetry());
    };
    try {
      for (let trial = 0; trial < spec.trials && !this.signal.aborted; trial++) {
        if (spec.warmup > 0) await this.step(levels[0] as number, 0, trial, true);
        for (let i = 0; i < levels.length && !this.signal.aborted; i++) {
          await this.step(levels[i] as number, i, trial, false);
          await saveTelemetry();
        }
      }
    } finally {
      if (periodic) clearInterval(periodic);
      for (const sender of this.senders.values()) sender.close();
      await Promise.all([...this.samplers.values()].map((s) => s.stop()));
      await saving;
      this.out.telemetry = this.telemetry();
      await this.ctx.sink.telemetry(this.out.telemetry);
    }
  }

  private stop(reason: string): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    this.stopCtl.abort();
  }

  private telemetry(): TelemetrySeries[] {
    return [...this.samplers.values()].map((s) => s.series());
  }

  /**
   * One level (or the warmup) on every backend. At the same time: both backends' sockets are opened
   * first, then both start together. One after the other: each opens its own right before it starts.
   */
  private async step(level: number, levelIndex: number, trial: number, warmup: boolean): Promise<void> {
    const at: Step = { level, levelIndex, trial, warmup };
    if (this.ctx.spec.schedule === "concurrent") {
      const prepared = await Promise.all(this.ready.map((b) => this.prepare(b, at)));
      await Promise.all(this.ready.map((b, i) => this.measure(b, at, prepared[i] as Prepared)));
    } else {
      for (const b of this.ready) if (!this.signal.aborted) await this.measure(b, at, await this.prepare(b, at));
    }
    await this.readTraces();
    if (!warmup && trial === 0) await this.judgeParity(level);
  }

  /** Reads the step's profile traces (their spans go on the records already in out.profiles) and stores the records. */
  private async readTraces(): Promise<void> {
    if (this.unreadTraces.length === 0) return;
    for (const p of this.unreadTraces.splice(0)) await p.readSpans();
    await this.ctx.sink.profiles(this.out.profiles);
  }

  /** The level's verdict on both backends' answers, stored at once (the answers themselves are dropped). */
  private async judgeParity(level: number): Promise<void> {
    const { spec } = this.ctx;
    const rule = this.parityRule;
    const byBackend = this.finals.get(level);
    this.finals.delete(level);
    const [a, b] = this.ready;
    if (!rule || !a || !b) return;
    const verdict = levelParity(spec, byBackend?.get(a.name), byBackend?.get(b.name), rule);
    if (verdict === null) return;
    this.out.parity.push({ level, verdict });
    await this.ctx.sink.parity(this.out.parity);
  }

  /** A backend's requests and mode for a step, its sender with the step's sockets already open. */
  private async prepare(b: Ready, { level, levelIndex, trial, warmup }: Step): Promise<Prepared> {
    const { spec } = this.ctx;
    const base = loadModeFor(spec, level, levelIndex, trial);
    const mode: LoadMode = warmup ? warmupMode(base, spec.warmup) : base;
    const requests = preparedForLevel(spec, level, b.config, b.model);
    const sender = this.senders.get(b.name) ?? new TimedSender(socketsFor(mode));
    this.senders.set(b.name, sender);
    const open = socketsToOpen(mode, this.warmupE2eMs.get(b.name) ?? null);
    const wait = Math.min(spec.stop.requestTimeoutS * 1000, PRECONNECT_WAIT_MS);
    await sender.prepareLevel((requests[0] as PreparedRequest).origin, socketsFor(mode), open, wait, this.signal);
    return { mode, requests, sender };
  }

  /** One backend, one level (or its warmup), start to end: sends, tracks, brackets with a profile, stores. */
  private async measure(b: Ready, { level, trial, warmup }: Step, { mode, requests, sender }: Prepared): Promise<void> {
    const { spec } = this.ctx;
    const where = `backend "${b.name}" at ${levelLabel(spec.load, level)}${warmup ? " (warmup)" : ""}`;
    const budget = this.ctx.storage ?? BENCH_LIMITS;
    const perRequest = Math.max(1, ...spec.requests.map(chunksPerRequest));
    // A timed level sends while what it and the run have stored, plus what its requests in flight may
    // still stream (maxNewTokens each), stays within the budget; a counted level was bounded up front.
    const timed = !warmup && spec.requestsPerLevel === undefined;
    if (timed && this.chunksStored + perRequest > budget.chunksPerRun) {
      this.stop(`stopped before ${where}: this run has stored ${this.chunksStored} streamed chunks, the most one run keeps (${budget.chunksPerRun}); use shorter levels or fewer new tokens`);
      return;
    }
    let levelChunks = 0;
    let cutBy: string | null = null;
    const mayStart = (inFlight: number): boolean => {
      const pending = (inFlight + 1) * perRequest;
      if (levelChunks + pending > budget.chunksPerSeries) cutBy = `the most one level stores (${budget.chunksPerSeries} streamed chunks)`;
      else if (this.chunksStored + pending > budget.chunksPerRun) cutBy = `the most one run stores (${budget.chunksPerRun} streamed chunks)`;
      return cutBy === null;
    };
    const sampler = this.samplers.get(b.name);
    sampler?.setLevel(warmup ? null : level);
    const profile =
      !warmup && spec.profile?.levels.includes(level)
        ? await ProfileSession.begin({ name: b.name, backend: b.config, level, trial, numSteps: spec.profile.numSteps, outputDir: spec.profile.outputDir, runT0: this.runT0 })
        : null;
    const watch = new ErrorWatch(spec.stop, where);
    const progress = new ProgressTracker(
      { runId: this.ctx.runId, backend: b.name, level, trial, phase: warmup ? "warmup" : "measure", total: warmup ? spec.warmup : (spec.requestsPerLevel ?? null), latency: spec.gates.latency },
      this.ctx.publish,
    );
    const data: SeriesData = emptySeries();
    const startMs = performance.now() - this.runT0;
    try {
      const result = await runLevel(
        {
          mode,
          requests,
          ...(warmup ? { count: spec.warmup } : spec.requestsPerLevel !== undefined ? { count: spec.requestsPerLevel } : { durationMs: (spec.secondsPerLevel ?? 0) * 1000, maxRequests: budget.requestsPerLevel, mayStart }),
          timeoutMs: spec.stop.requestTimeoutS * 1000,
          signal: this.signal,
          // with logprobs "parity-only" the timed answers carry none: parity judges probes sent after the level
          captureFinal: !warmup && trial === 0 && spec.logprobs === "all",
          onSample: (s) => {
            levelChunks += s.chunkTimesMs.length;
            this.chunksStored += s.chunkTimesMs.length;
            appendToSeries(data, s);
            progress.add(s);
            const reason = watch.add(s);
            if (reason) this.stop(reason);
          },
        },
        sender,
      );
      if (timed && result.samples.length >= budget.requestsPerLevel) cutBy = `the most requests one level stores (${budget.requestsPerLevel})`;
      if (cutBy !== null) {
        this.out.notes.push(`${where}, trial ${trial + 1}: stopped after ${result.samples.length} requests, before its ${spec.secondsPerLevel} s were up — ${cutBy}`);
        await this.ctx.sink.notes(this.out.notes);
      }
      if (!warmup && trial === 0) {
        const finals = spec.logprobs === "all" ? result.finals : this.parityRule ? await parityProbes(requests, sender, spec.stop.requestTimeoutS * 1000, this.signal) : [];
        const byBackend = this.finals.get(level) ?? new Map<string, BackendFinals>();
        byBackend.set(b.name, finals);
        this.finals.set(level, byBackend);
      }
      if (warmup) {
        const e2e = percentile(result.samples.flatMap((s) => (s.ok && s.e2eMs !== null ? [s.e2eMs] : [])), 50);
        if (e2e !== null) this.warmupE2eMs.set(b.name, e2e);
      }
      if (warmup && result.samples.length > 0 && !result.samples.some((s) => s.ok)) {
        const first = result.samples.find((s) => s.error)?.error?.message ?? "unknown error";
        this.stop(`stopped: ${where}: every warmup request failed; first error: ${first}`);
      }
    } finally {
      progress.finish();
      sampler?.setLevel(null);
      if (data.startOffsetMs.length > 0) {
        const series: RunSeries = { backend: b.name, level, trial, warmup, startMs, data };
        this.out.series.push(series);
        await this.ctx.sink.series(series);
      }
      // The profiler is stopped now; its trace is read once the whole step is over (readTraces), so
      // parsing a large trace never runs while another backend is being measured.
      if (profile) {
        this.out.profiles.push(await profile.end(this.ctx.attachDir));
        this.unreadTraces.push(profile);
      }
    }
  }
}

/**
 * Warmup runs in the first level's own shape: a closed loop at its concurrency (never more at once than it
 * has requests), an open loop at its rate, arrivals and cap — warmup that ignored the load's limits skewed
 * SGLang's TTFT (peer-tools A3), and an uncapped open loop sent as a closed one would burst every warmup
 * request at once.
 */
function warmupMode(mode: LoadMode, warmup: number): LoadMode {
  return mode.kind === "closed" ? { kind: "closed", concurrency: Math.min(mode.concurrency, warmup) } : mode;
}
