import path from "node:path";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { BenchmarkSpec } from "../../lib/schemas/benchmark";
import type { BenchProgress, RunStatus } from "../../lib/schemas/benchmarkRun";
import type { BackendRegistry } from "../backends/registry";
import type { Db } from "../db/client";
import type { EventBus } from "../events";
import type { StudioVersion } from "../version";
import { runBenchmark, type RunBackend } from "./runner";
import { RunStore, TERMINAL } from "./runStore";
import { summarizeRun } from "./summary";

export interface BenchQueueDeps {
  db: Db;
  bus: EventBus;
  backends: BackendRegistry;
  version: StudioVersion;
  dataDir: string;
}

/**
 * The benchmark job queue, persisted in the database: runs are rows with a status, and one runs at a
 * time (two benchmarks at once would measure each other). `recover()` at start marks runs a stopped
 * studio left "running" as interrupted, keeping their data, then resumes the queued ones.
 */
export class BenchQueue {
  readonly store: RunStore;
  private current: { runId: string; cancel: AbortController; done: Promise<void> } | null = null;
  private pumping: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: BenchQueueDeps) {
    this.store = new RunStore(deps.db);
  }

  async recover(): Promise<string[]> {
    const ids = await this.store.interruptRunning();
    for (const id of ids) this.publishStatus(id, "interrupted", "the studio stopped while this run was running");
    this.pump();
    return ids;
  }

  async enqueue(benchmarkId: string): Promise<string> {
    const b = await this.store.benchmarkSpec(benchmarkId);
    if (!b) throw new Error(`no benchmark with id ${benchmarkId}`);
    const runId = await this.store.createRun(benchmarkId, b.spec);
    this.publishStatus(runId, "queued", null);
    this.pump();
    return runId;
  }

  /** Cancels a queued run at once, a running one at its next request boundary (what it measured stays). */
  async cancel(runId: string): Promise<RunStatus | null> {
    if (this.current?.runId === runId) {
      this.current.cancel.abort();
      await this.current.done;
      return (await this.store.status(runId))?.status ?? null;
    }
    const st = await this.store.status(runId);
    if (st?.status === "queued") {
      await this.store.setStatus(runId, "cancelled", "cancelled before it started");
      this.publishStatus(runId, "cancelled", "cancelled before it started");
      return "cancelled";
    }
    return st?.status ?? null;
  }

  get runningId(): string | null {
    return this.current?.runId ?? null;
  }

  /** Stops taking jobs and cancels the one running (its data is kept). */
  async close(): Promise<void> {
    this.closed = true;
    this.current?.cancel.abort();
    await this.pumping;
  }

  /** Waits until nothing is running or queued (tests, the command line). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = (async () => {
      try {
        for (let next = await this.store.nextQueued(); next && !this.closed; next = await this.store.nextQueued()) {
          const cancel = new AbortController();
          const done = this.runOne(next.id, next.spec, cancel.signal);
          this.current = { runId: next.id, cancel, done };
          await done;
          this.current = null;
        }
      } catch (err) {
        // nothing awaits the pump: a failure here (a database error) must not become an unhandled rejection
        process.stderr.write(`studio: the benchmark queue stopped: ${err instanceof Error ? err.message : String(err)}\n`);
      } finally {
        this.pumping = null;
      }
    })();
  }

  /**
   * Backends by Studio id (current URL and key from the store); else a stored backend of the same name at
   * the same URL (its key); else exactly as the spec says, with no key. A name alone never redirects a
   * run to another address, nor sends a stored key to an address it was not given for.
   */
  private async resolveBackends(spec: BenchmarkSpec): Promise<{ backends: RunBackend[]; spec: BenchmarkSpec }> {
    const known = await this.deps.backends.list();
    const sameUrl = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
    const resolved = spec.backends.map((b, i): BackendConfig => {
      const match =
        (b.backendId !== undefined ? known.find((k) => k.id === b.backendId) : undefined) ??
        known.find((k) => k.name === b.name && sameUrl(k.baseUrl, b.baseUrl));
      return match ?? { id: b.backendId ?? `spec-${i}`, name: b.name, dialect: b.dialect, baseUrl: b.baseUrl, model: b.model, apiKey: null, source: "user" };
    });
    const asRun: BenchmarkSpec = {
      ...spec,
      backends: spec.backends.map((b, i) => {
        const c = resolved[i] as BackendConfig;
        return { ...b, dialect: c.dialect, baseUrl: c.baseUrl, model: c.model ?? null, backendId: c.id };
      }),
    };
    return { backends: spec.backends.map((b, i) => ({ name: b.name, config: resolved[i] as BackendConfig })), spec: asRun };
  }

  private async runOne(runId: string, stored: BenchmarkSpec, signal: AbortSignal): Promise<void> {
    const { store } = this;
    try {
      const { backends, spec } = await this.resolveBackends(stored);
      if (!(await store.claim(runId))) return; // cancelled between being picked and starting
      this.publishStatus(runId, "running", null);
      await this.deps.db.benchmarkRun.update({ where: { id: runId }, data: { spec: JSON.stringify(spec) } });
      const outcome = await runBenchmark({
        runId,
        spec,
        backends,
        signal,
        publish: (p) => this.publish(p),
        version: this.deps.version,
        attachDir: path.join(this.deps.dataDir, "bench", runId, "profiles"),
        sink: {
          fingerprint: (f) => store.saveFingerprint(runId, f),
          series: (s) => store.saveSeries(runId, s),
          telemetry: (t) => store.saveTelemetry(runId, t),
          parity: (p) => store.saveParity(runId, p),
          profiles: (p) => store.saveProfiles(runId, p),
          notes: (n) => store.saveNotes(runId, n),
        },
      });
      // A stop of the studio (close) is not the user's cancel: the run is "interrupted", as after a crash.
      if (this.closed && outcome.status === "cancelled") {
        outcome.status = "interrupted";
        outcome.reason = "the studio stopped while this run was running; the requests measured so far are kept";
      }
      const summary = summarizeRun({
        spec,
        status: outcome.status,
        series: outcome.series,
        telemetry: outcome.telemetry,
        parity: outcome.parity,
        baseline: null,
        profiles: outcome.profiles,
        runStartEpochMs: outcome.runStartEpochMs,
        runNotes: outcome.notes,
      });
      await store.finish(runId, outcome.status, outcome.reason, summary);
      this.publishStatus(runId, outcome.status, outcome.reason);
    } catch (err) {
      const reason = `the run failed: ${err instanceof Error ? err.message : String(err)}`;
      const st = await store.status(runId).catch(() => null);
      if (st && !TERMINAL.has(st.status)) await store.setStatus(runId, "failed", reason).catch(() => {});
      this.publishStatus(runId, "failed", reason);
    }
  }

  private publish(p: BenchProgress): void {
    this.deps.bus.publish("benchProgress", p);
  }

  private publishStatus(runId: string, status: RunStatus, reason: string | null): void {
    this.publish({ type: "status", runId, status, reason, at: new Date().toISOString() });
  }
}
