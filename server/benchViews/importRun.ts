import { createHash } from "node:crypto";
import { BenchmarkSpec, type BenchBackend } from "../../lib/schemas/benchmark";
import type { RunSummary } from "../../lib/schemas/benchmarkRun";
import { parseImport } from "../../lib/imports/parse";
import { importToRun } from "../../lib/imports/toRun";
import type { ImportSource } from "../../lib/imports/types";
import { canonicalJson } from "../bench/requestHash";
import type { Db } from "../db/client";
import { newId } from "../ids";
import { Tags } from "./history";

/**
 * Files a `bench_serving` / `vllm bench serve` result into a benchmark's history as a finished run
 * (source "bench_serving" or "vllm"), stored like a native run so every page, chart and report reads it.
 */
export interface ImportInput {
  benchmarkId: string;
  text: string;
  /** The backend the tool measured: one of the benchmark's names, or a new name. */
  backend: string;
  /** The user says the tool sent this benchmark's exact request: the run becomes comparable with native runs. */
  sameRequest: boolean;
  source?: ImportSource;
  tags?: string[];
}

export type ImportResult = { ok: true; runId: string; levels: number; notes: string[] } | { ok: false; message: string };

/** A hash of the tool's workload, so imports of the same workload compare with each other and with nothing else. */
export function workloadHash(workload: Record<string, unknown>): string {
  return `sha256:${createHash("sha256").update(canonicalJson({ importedWorkload: workload })).digest("hex")}`;
}

export async function importRunFile(db: Db, input: ImportInput): Promise<ImportResult> {
  const tags = Tags.safeParse(input.tags ?? []);
  if (!tags.success) return { ok: false, message: `tags: ${tags.error.issues[0]?.message ?? "invalid"}` };
  const row = await db.benchmark.findUnique({ where: { id: input.benchmarkId } });
  if (!row) return { ok: false, message: `no benchmark with id ${input.benchmarkId}` };
  const spec = BenchmarkSpec.parse(JSON.parse(row.spec));
  const parsed = parseImport(input.text, { source: input.source });
  if (!parsed.ok) return parsed;
  const known = spec.backends.find((b) => b.name === input.backend);
  const backend: BenchBackend = known ?? { ...(spec.backends[0] as BenchBackend), name: input.backend, backendId: undefined };
  const id = newId(9);
  const importedAt = new Date();
  const built = importToRun(parsed.value, {
    id,
    benchmarkId: row.id,
    name: row.name,
    spec,
    backend,
    requestHash: input.sameRequest ? spec.requestHash : workloadHash(parsed.value.workload),
    importedAt: importedAt.toISOString(),
  });
  if (!built.ok) return built;
  const run = built.run;
  const summary: RunSummary = { levels: run.levels, gates: run.gates, pass: run.pass, baseline: run.baseline, notes: run.notes, profiles: run.profiles, runStartEpochMs: run.runStartEpochMs };
  const when = parsed.value.date ? new Date(parsed.value.date) : importedAt;
  const at = Number.isNaN(when.getTime()) ? importedAt : when;
  await db.$transaction([
    db.benchmarkRun.create({
      data: {
        id,
        benchmarkId: row.id,
        status: "done",
        reason: null,
        spec: JSON.stringify(run.spec),
        summary: JSON.stringify(summary),
        tags: JSON.stringify(input.tags ? tags.data : (parsed.value.label ? [parsed.value.label.replace(/[\s,]+/g, "-").slice(0, 40)] : [])),
        source: parsed.value.source,
        createdAt: importedAt,
        startedAt: at,
        finishedAt: at,
      },
    }),
    ...run.series.map((s) =>
      db.runSeries.create({ data: { id: newId(9), runId: id, backend: s.backend, level: s.level, trial: s.trial, warmup: s.warmup, data: JSON.stringify({ startMs: s.startMs, ...s.data }) } }),
    ),
  ]);
  return { ok: true, runId: id, levels: run.levels.length, notes: run.notes };
}
