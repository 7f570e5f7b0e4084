import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Dialect } from "../../lib/schemas/dialect";
import type { SchedulerObserver, StepInfo } from "./scheduler/scheduler";

export interface ProfileOptions {
  outputDir: string;
  /** stop by itself after this many recorded steps */
  numSteps: number | null;
  /** skip this many steps before recording */
  startStep: number | null;
  prefix: string | null;
}

export class ProfilerStateError extends Error {}

interface ChromeEvent {
  name: string;
  ph: "X" | "M";
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args: Record<string, unknown>;
}

/**
 * Records the scheduler's own prefill/decode steps as Chrome-trace complete events.
 * sglang writes `{output_dir}/[{prefix}-]{profile_id}-TP-0.trace.json.gz` (gzip, like the torch
 * profiler); sglang-jax writes plain JSON in JAX's TensorBoard layout
 * `{output_dir}/plugins/profile/{YYYY_MM_DD_HH_MM_SS}/reference-engine.trace.json`.
 */
export class StepProfiler implements SchedulerObserver {
  private session: { opts: ProfileOptions; profileId: string; skipped: number; events: ChromeEvent[] } | null = null;
  /** the trace being written after a stop; the profiler counts as active until it is on disk */
  private writing: Promise<string> | null = null;
  /** where the last trace went */
  lastTracePath: string | null = null;

  constructor(private readonly dialect: Dialect) {}

  get active(): boolean {
    return this.session !== null || this.writing !== null;
  }

  start(opts: ProfileOptions): void {
    if (this.active) throw new ProfilerStateError("Profiling is already in progress. Call /stop_profile first.");
    this.session = { opts, profileId: String(Date.now() / 1000), skipped: 0, events: [] };
  }

  async stop(): Promise<string> {
    const s = this.session;
    if (!s) throw new ProfilerStateError("Profiling is not in progress. Call /start_profile first.");
    this.session = null;
    const pid = process.pid;
    const events: ChromeEvent[] = [
      { name: "process_name", ph: "M", pid, tid: 0, args: { name: "reference engine scheduler" } },
      { name: "thread_name", ph: "M", pid, tid: 0, args: { name: "scheduler steps" } },
      ...s.events,
    ];
    const json = JSON.stringify({ traceEvents: events, displayTimeUnit: "ms", otherData: { profile_id: s.profileId, dialect: this.dialect } });
    this.writing = this.write(s.opts, s.profileId, json);
    try {
      this.lastTracePath = await this.writing;
      return this.lastTracePath;
    } finally {
      this.writing = null;
    }
  }

  onStep(info: StepInfo): void {
    const s = this.session;
    if (!s) return;
    if (s.opts.startStep !== null && s.skipped < s.opts.startStep) {
      s.skipped++;
      return;
    }
    s.events.push({
      name: info.kind,
      cat: "scheduler",
      ph: "X",
      pid: process.pid,
      tid: 0,
      ts: Math.round((performance.timeOrigin + info.startMs) * 1000),
      dur: Math.max(1, Math.round(info.durationMs * 1000)),
      args: { batch_size: info.batchSize, num_tokens: info.tokens, cached_tokens: info.cachedTokens, step: s.events.length },
    });
    if (s.opts.numSteps !== null && s.events.length >= s.opts.numSteps) {
      this.stop().catch((err: unknown) => process.stderr.write(`reference engine: writing the trace failed: ${String(err)}\n`));
    }
  }

  private async write(opts: ProfileOptions, profileId: string, json: string): Promise<string> {
    if (this.dialect === "sglang") {
      await mkdir(opts.outputDir, { recursive: true });
      const name = `${opts.prefix ? `${opts.prefix}-` : ""}${profileId}-TP-0.trace.json.gz`;
      const path = join(opts.outputDir, name);
      await writeFile(path, gzipSync(json));
      return path;
    }
    const d = new Date();
    const p2 = (n: number) => String(n).padStart(2, "0");
    const run = `${d.getFullYear()}_${p2(d.getMonth() + 1)}_${p2(d.getDate())}_${p2(d.getHours())}_${p2(d.getMinutes())}_${p2(d.getSeconds())}`;
    const dir = join(opts.outputDir, "plugins", "profile", run);
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${opts.prefix ? `${opts.prefix}-` : ""}reference-engine.trace.json`);
    await writeFile(path, json);
    return path;
  }
}
