import { z } from "zod";
import { BenchmarkSpec } from "../../lib/schemas/benchmark";
import {
  Fingerprint,
  LevelParity,
  ProfileRecord,
  RunSummary,
  SeriesData,
  TelemetrySeries,
  type RunResult,
  type RunSeries,
  type RunStatus,
} from "../../lib/schemas/benchmarkRun";
import type { Db } from "../db/client";
import type { BenchmarkRun as RunRow } from "../db/generated/prisma/client";
import { newId } from "../ids";
import { buildRunResult } from "./runFile";
import { summarizeRun } from "./summary";

/**
 * Benchmarks and their runs in SQLite. JSON columns are validated with the lib/schemas on the way out.
 * Series are written as each (backend, level, trial) finishes, so whatever stops a run — cancel, errors,
 * a crash — leaves the measured requests in place.
 */

export const TERMINAL: ReadonlySet<RunStatus> = new Set(["done", "failed", "cancelled", "interrupted"]);

/** A RunSeries row's `data`: the series plus when its level began (the table has no column for it). */
const SeriesRow = SeriesData.extend({ startMs: z.number().default(0) });

function json<T>(text: string | null, parse: (v: unknown) => T): T | null {
  return text === null ? null : parse(JSON.parse(text));
}

export class RunStore {
  constructor(private readonly db: Db) {}

  async createBenchmark(b: { name: string; notebookId?: string | null; cellId?: string | null; spec: BenchmarkSpec }): Promise<string> {
    const id = newId(9);
    await this.db.benchmark.create({
      data: { id, name: b.name, notebookId: b.notebookId ?? null, cellId: b.cellId ?? null, spec: JSON.stringify(b.spec) },
    });
    return id;
  }

  async benchmarkSpec(id: string): Promise<{ name: string; spec: BenchmarkSpec } | null> {
    const row = await this.db.benchmark.findUnique({ where: { id } });
    return row ? { name: row.name, spec: BenchmarkSpec.parse(JSON.parse(row.spec)) } : null;
  }

  async createRun(benchmarkId: string | null, spec: BenchmarkSpec): Promise<string> {
    const id = newId(9);
    await this.db.benchmarkRun.create({ data: { id, benchmarkId, status: "queued", spec: JSON.stringify(spec) } });
    return id;
  }

  /** queued → running, only if still queued: a cancel that landed first wins (one conditional UPDATE). */
  async claim(id: string): Promise<boolean> {
    const { count } = await this.db.benchmarkRun.updateMany({ where: { id, status: "queued" }, data: { status: "running", startedAt: new Date() } });
    return count === 1;
  }

  async setStatus(id: string, status: RunStatus, reason: string | null = null): Promise<void> {
    const now = new Date();
    await this.db.benchmarkRun.update({
      where: { id },
      data: {
        status,
        reason,
        ...(status === "running" ? { startedAt: now } : {}),
        ...(TERMINAL.has(status) ? { finishedAt: now } : {}),
      },
    });
  }

  async saveFingerprint(id: string, f: Fingerprint): Promise<void> {
    await this.db.benchmarkRun.update({ where: { id }, data: { fingerprint: JSON.stringify(f) } });
  }

  async saveSeries(runId: string, s: RunSeries): Promise<void> {
    await this.db.runSeries.create({
      data: { id: newId(9), runId, backend: s.backend, level: s.level, trial: s.trial, warmup: s.warmup, data: JSON.stringify({ startMs: s.startMs, ...s.data }) },
    });
  }

  /** Replaces the run's telemetry (one row per backend) with the latest samples. */
  async saveTelemetry(runId: string, list: TelemetrySeries[]): Promise<void> {
    await this.db.$transaction([
      this.db.runTelemetry.deleteMany({ where: { runId } }),
      ...list.map((t) => this.db.runTelemetry.create({ data: { id: newId(9), runId, backend: t.backend, data: JSON.stringify(t) } })),
    ]);
  }

  async saveParity(runId: string, list: ReadonlyArray<LevelParity>): Promise<void> {
    await this.db.benchmarkRun.update({ where: { id: runId }, data: { parity: JSON.stringify(list) } });
  }

  async saveProfiles(runId: string, list: ReadonlyArray<ProfileRecord>): Promise<void> {
    await this.db.benchmarkRun.update({ where: { id: runId }, data: { profiles: JSON.stringify(list) } });
  }

  async saveNotes(runId: string, notes: ReadonlyArray<string>): Promise<void> {
    await this.db.benchmarkRun.update({ where: { id: runId }, data: { notes: JSON.stringify(notes) } });
  }

  /**
   * The run's end. Profile spans (up to PROFILE_SPAN_CAP per profile) are kept once, in the profiles
   * column, and left out of the summary that every history row reads; runResult puts them back.
   */
  async finish(id: string, status: RunStatus, reason: string | null, summary: RunSummary): Promise<void> {
    const light = { ...summary, profiles: summary.profiles.map(({ spans: _spans, ...p }) => p) };
    await this.db.benchmarkRun.update({
      where: { id },
      data: { status, reason, summary: JSON.stringify(light), profiles: JSON.stringify(summary.profiles), finishedAt: new Date() },
    });
  }

  async status(id: string): Promise<{ status: RunStatus; reason: string | null } | null> {
    const row = await this.db.benchmarkRun.findUnique({ where: { id }, select: { status: true, reason: true } });
    return row ? { status: row.status as RunStatus, reason: row.reason } : null;
  }

  async nextQueued(): Promise<{ id: string; benchmarkId: string | null; spec: BenchmarkSpec } | null> {
    const row = await this.db.benchmarkRun.findFirst({ where: { status: "queued" }, orderBy: { createdAt: "asc" } });
    return row ? { id: row.id, benchmarkId: row.benchmarkId, spec: BenchmarkSpec.parse(JSON.parse(row.spec)) } : null;
  }

  async series(runId: string): Promise<RunSeries[]> {
    const rows = await this.db.runSeries.findMany({ where: { runId }, orderBy: [{ trial: "asc" }, { level: "asc" }] });
    return rows.map((r) => {
      const { startMs, ...data } = SeriesRow.parse(JSON.parse(r.data));
      return { backend: r.backend, level: r.level, trial: r.trial, warmup: r.warmup, startMs, data };
    });
  }

  async telemetry(runId: string): Promise<TelemetrySeries[]> {
    const rows = await this.db.runTelemetry.findMany({ where: { runId } });
    return rows.map((r) => TelemetrySeries.parse(JSON.parse(r.data)));
  }

  /**
   * Runs left "running" by a studio that stopped: marked interrupted, and summarised from what they
   * stored as they went (series, telemetry, each finished level's parity verdict, profile records, notes).
   */
  async interruptRunning(): Promise<string[]> {
    const rows = await this.db.benchmarkRun.findMany({ where: { status: "running" } });
    for (const row of rows) {
      const reason = "the studio stopped while this run was running; the requests measured until then are kept";
      const summary = await this.summaryFromStore(row, "interrupted");
      await this.finish(row.id, "interrupted", reason, summary);
    }
    return rows.map((r) => r.id);
  }

  /** Summarises a run from its stored requests; pass what the caller already read, so nothing is read twice. */
  private async summaryFromStore(
    row: RunRow,
    status: RunStatus,
    read?: { series: RunSeries[]; telemetry: TelemetrySeries[]; spec: BenchmarkSpec; profiles: ProfileRecord[] | null },
  ): Promise<RunSummary> {
    return summarizeRun({
      spec: read?.spec ?? BenchmarkSpec.parse(JSON.parse(row.spec)),
      status,
      series: read?.series ?? (await this.series(row.id)),
      telemetry: read?.telemetry ?? (await this.telemetry(row.id)),
      parity: json(row.parity, (v) => z.array(LevelParity).parse(v)) ?? [],
      baseline: null,
      profiles: (read ? read.profiles : json(row.profiles, (v) => z.array(ProfileRecord).parse(v))) ?? [],
      runNotes: json(row.notes, (v) => z.array(z.string()).parse(v)) ?? [],
      runStartEpochMs: row.startedAt?.getTime() ?? null,
    });
  }

  /** The run as a run file; a run still going is summarised from what it has stored so far. */
  async runResult(id: string, opts: { series: boolean }): Promise<RunResult | null> {
    const row = await this.db.benchmarkRun.findUnique({ where: { id }, include: { benchmark: { select: { name: true } } } });
    if (!row) return null;
    const spec = BenchmarkSpec.parse(JSON.parse(row.spec));
    const stored = json(row.summary, (v) => RunSummary.parse(v));
    const telemetry = await this.telemetry(id);
    // a run without a stored summary (queued, running) is summarised from its series: read them once
    const series = opts.series || !stored ? await this.series(id) : [];
    // profile spans (up to PROFILE_SPAN_CAP each) are parsed once, for the summary and the result alike
    const profiles = json(row.profiles, (v) => z.array(ProfileRecord).parse(v));
    const computed = stored ?? (await this.summaryFromStore(row, row.status as RunStatus, { series, telemetry, spec, profiles }));
    const summary = profiles ? { ...computed, profiles } : computed;
    return buildRunResult({
      id: row.id,
      benchmarkId: row.benchmarkId,
      name: row.benchmark?.name ?? spec.name,
      status: row.status as RunStatus,
      reason: row.reason,
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      spec,
      fingerprint: json(row.fingerprint, (v) => Fingerprint.parse(v)),
      summary,
      telemetry,
      series: opts.series ? series : [],
    });
  }
}
