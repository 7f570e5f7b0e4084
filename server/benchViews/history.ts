import { z } from "zod";
import { BenchmarkSpec } from "../../lib/schemas/benchmark";
import { RunStatus, RunSummary } from "../../lib/schemas/benchmarkRun";
import { compareToBaseline, type RunForComparison } from "../../lib/report/baseline";
import { runVerdict } from "../../lib/report/verdict";
import type { Db } from "../db/client";

/**
 * A benchmark's runs as its history page and list show them: summaries only (no per-request series),
 * tags, where each came from, and each run's verdict against the benchmark's baseline.
 */

export const Tags = z
  .array(z.string().trim().min(1, "a tag is empty").max(40, "a tag is at most 40 characters").regex(/^[^\s,]+$/, "a tag has no spaces or commas (e.g. a commit or a PR label)"))
  .max(10, "at most 10 tags per run")
  .refine((t) => new Set(t).size === t.length, "tags must not repeat");

export interface HistoryRun {
  id: string;
  /** 1-based position in the benchmark's history, oldest first. */
  index: number;
  status: RunStatus;
  reason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  tags: string[];
  source: string;
  requestHash: string;
  summary: RunSummary | null;
  spec: BenchmarkSpec;
}

const parseTags = (text: string): string[] => {
  const r = Tags.safeParse(JSON.parse(text));
  return r.success ? r.data : [];
};

/** The columns a history row reads: not the profile records (spans), parity verdicts or notes, which only a run's own page needs. */
const LIGHT = { profiles: true, parity: true, notes: true } as const;
type RunRow = Omit<Awaited<ReturnType<Db["benchmarkRun"]["findMany"]>>[number], keyof typeof LIGHT>;

function toHistoryRun(r: RunRow, index: number): HistoryRun {
  const spec = BenchmarkSpec.parse(JSON.parse(r.spec));
  return {
    id: r.id,
    index,
    status: RunStatus.parse(r.status),
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    tags: parseTags(r.tags),
    source: r.source,
    requestHash: spec.requestHash,
    summary: r.summary ? RunSummary.parse(JSON.parse(r.summary)) : null,
    spec,
  };
}

export async function historyOf(db: Db, benchmarkId: string): Promise<HistoryRun[]> {
  return (await historiesOf(db, [benchmarkId])).get(benchmarkId) ?? [];
}

/** The histories of several benchmarks in one query (the list page reads every benchmark's). */
export async function historiesOf(db: Db, benchmarkIds: string[]): Promise<Map<string, HistoryRun[]>> {
  const rows = await db.benchmarkRun.findMany({ where: { benchmarkId: { in: benchmarkIds } }, orderBy: { createdAt: "asc" }, omit: LIGHT });
  const out = new Map<string, HistoryRun[]>(benchmarkIds.map((id) => [id, []]));
  for (const r of rows) {
    const mine = out.get(r.benchmarkId as string);
    mine?.push(toHistoryRun(r, mine.length + 1));
  }
  return out;
}

/** A benchmark's baseline: one of its own runs, or a run of another benchmark of the same request. */
export async function baselineOf(db: Db, runs: HistoryRun[], baselineId: string | null): Promise<HistoryRun | null> {
  if (baselineId === null) return null;
  const own = runs.find((r) => r.id === baselineId);
  if (own) return own;
  const row = await db.benchmarkRun.findUnique({ where: { id: baselineId }, omit: LIGHT });
  return row ? toHistoryRun(row, 0) : null;
}

/** A history run in the shape the comparison reads (no series: gates need the summaries only). */
export function forComparison(r: HistoryRun, name: string): RunForComparison {
  return { id: r.id, name: `${name} #${r.index}`, status: r.status, finishedAt: r.finishedAt, requestHash: r.requestHash, spec: r.spec, levels: r.summary?.levels ?? [], series: [] };
}

/** The verdict a history row shows: against the baseline when one is set (and comparable), else the run's own gates. */
export function historyVerdict(r: HistoryRun, baseline: HistoryRun | null, name: string) {
  const levels = r.summary?.levels ?? [];
  const own = { status: r.status, reason: r.reason, gates: r.summary?.gates ?? [], levels };
  if (!baseline || baseline.id === r.id || !r.summary || !baseline.summary) return { ...runVerdict(own), refused: null as string | null, isBaseline: baseline?.id === r.id };
  const c = compareToBaseline(forComparison(r, name), forComparison(baseline, name));
  return { ...runVerdict(own, c), refused: c.ok ? null : c.reason, isBaseline: false };
}
