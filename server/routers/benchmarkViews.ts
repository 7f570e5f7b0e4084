import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { BenchmarkSpec } from "../../lib/schemas/benchmark";
import { GenerateCell, ScoreCell } from "../../lib/schemas/cell";
import { compareToBaseline } from "../../lib/report/baseline";
import { headlineLevel } from "../../lib/report/card";
import { comparable, sameInput } from "../../lib/report/sameInput";
import { requestHash } from "../bench/requestHash";
import { benchmarkCardsForNotebook } from "../benchViews/card";
import { cellSource } from "../benchViews/cellSource";
import { baselineOf, historiesOf, historyOf, historyVerdict, Tags, type HistoryRun } from "../benchViews/history";
import { importRunFile } from "../benchViews/importRun";
import { sourceStatus } from "../benchViews/sourceStatus";
import { publicProcedure, router } from "../trpc";

/**
 * What the benchmark pages read beyond the runner's own procedures (routers/benchmarks): the list with
 * verdicts and history, baseline choice (a different request is refused with the reason), tags,
 * comparison against the baseline, whether the source cell changed, the cell's exact request for the
 * Promote dialog, and importing bench_serving / vLLM result files.
 */

const Id = z.string().min(1).max(64);

function notFound(message: string): never {
  throw new TRPCError({ code: "NOT_FOUND", message });
}

function refuse(message: string): never {
  throw new TRPCError({ code: "BAD_REQUEST", message });
}

async function benchmarkRow(db: Parameters<typeof historyOf>[0], id: string) {
  const row = await db.benchmark.findUnique({ where: { id } });
  if (!row) notFound(`no benchmark with id ${id}`);
  return { ...row, spec: BenchmarkSpec.parse(JSON.parse(row.spec)) };
}

function historyRow(r: HistoryRun, baseline: HistoryRun | null, name: string, benchmarkHash: string) {
  const v = historyVerdict(r, baseline, name);
  return {
    id: r.id,
    index: r.index,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    tags: r.tags,
    source: r.source,
    requestHash: r.requestHash,
    /** false for an import of another workload: compared only with runs of that workload. */
    sameRequest: r.requestHash === benchmarkHash,
    levels: r.summary?.levels ?? [],
    notes: r.summary?.notes ?? [],
    verdict: { label: v.label, tone: v.tone, pass: v.pass, reasons: v.reasons, against: v.against, refused: v.refused, isBaseline: v.isBaseline },
  };
}

export const benchmarkViewsRouter = router({
  /** Every benchmark with its latest verdict and the numbers its sparklines draw. */
  overview: publicProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.benchmark.findMany({ orderBy: { createdAt: "desc" } });
    const histories = await historiesOf(ctx.db, rows.map((r) => r.id));
    return Promise.all(
      rows.map(async (row) => {
        const spec = BenchmarkSpec.parse(JSON.parse(row.spec));
        const runs = histories.get(row.id) ?? [];
        const baseline = await baselineOf(ctx.db, runs, row.baselineId);
        const latest = runs.at(-1);
        return {
          id: row.id,
          name: row.name,
          createdAt: row.createdAt.toISOString(),
          kind: spec.requests[0]?.kind ?? "generate",
          backends: spec.backends.map((b) => b.name),
          latency: spec.gates.latency,
          level: headlineLevel(spec),
          load: spec.load,
          tags: [...new Set(runs.flatMap((r) => r.tags))],
          runs: runs.length,
          baselineId: row.baselineId,
          latest: latest ? historyRow(latest, baseline, row.name, spec.requestHash) : null,
          history: runs.filter((r) => r.status === "done").map((r) => ({ id: r.id, index: r.index, tags: r.tags, levels: r.summary?.levels ?? [] })),
        };
      }),
    );
  }),

  /** One benchmark: its spec, baseline and every run with its verdict against that baseline. */
  detail: publicProcedure.input(z.object({ id: Id })).query(async ({ ctx, input }) => {
    const row = await benchmarkRow(ctx.db, input.id);
    const runs = await historyOf(ctx.db, row.id);
    const baseline = await baselineOf(ctx.db, runs, row.baselineId);
    return {
      id: row.id,
      name: row.name,
      notebookId: row.notebookId,
      cellId: row.cellId,
      createdAt: row.createdAt.toISOString(),
      spec: row.spec,
      baselineId: baseline?.id ?? null,
      /** Set when the baseline is a run of another benchmark (same request). */
      foreignBaseline: baseline && baseline.index === 0 ? { id: baseline.id, finishedAt: baseline.finishedAt } : null,
      level: headlineLevel(row.spec),
      runs: runs.map((r) => historyRow(r, baseline, row.name, row.spec.requestHash)),
    };
  }),

  /** Whether the source cell still sends the benchmark's request (it may tokenize the cell on a backend). */
  sourceStatus: publicProcedure.input(z.object({ id: Id })).query(async ({ ctx, input }) => {
    const row = await benchmarkRow(ctx.db, input.id);
    return sourceStatus(ctx, row);
  }),

  /** Sets (or clears) the baseline; a run of a different request, or one that did not finish, is refused with the reason. */
  setBaseline: publicProcedure.input(z.object({ benchmarkId: Id, runId: Id.nullable() })).mutation(async ({ ctx, input }) => {
    const row = await benchmarkRow(ctx.db, input.benchmarkId);
    if (input.runId !== null) {
      const run = await ctx.db.benchmarkRun.findUnique({ where: { id: input.runId }, select: { id: true, status: true, spec: true } });
      if (!run) notFound(`no run with id ${input.runId}`);
      if (run.status !== "done") refuse(`run ${run.id} ended ${run.status}; only a finished run can be the baseline`);
      const runSpec = BenchmarkSpec.parse(JSON.parse(run.spec));
      const same = sameInput(comparable(row.name, row.spec), comparable(`run ${run.id}`, runSpec));
      if (!same.ok) refuse(`refused: ${same.reason}`);
    }
    await ctx.db.benchmark.update({ where: { id: row.id }, data: { baselineId: input.runId } });
    return { baselineId: input.runId };
  }),

  setTags: publicProcedure.input(z.object({ runId: Id, tags: Tags })).mutation(async ({ ctx, input }) => {
    const run = await ctx.db.benchmarkRun.findUnique({ where: { id: input.runId }, select: { id: true } });
    if (!run) notFound(`no run with id ${input.runId}`);
    await ctx.db.benchmarkRun.update({ where: { id: run.id }, data: { tags: JSON.stringify(input.tags) } });
    return { runId: run.id, tags: input.tags };
  }),

  /** A run against a baseline (default: its benchmark's), with bootstrap intervals from both runs' requests. */
  compare: publicProcedure.input(z.object({ runId: Id, baselineId: Id.nullish() })).query(async ({ ctx, input }) => {
    const store = ctx.bench.store;
    const run = await store.runResult(input.runId, { series: true });
    if (!run) notFound(`no run with id ${input.runId}`);
    let baselineId = input.baselineId ?? null;
    if (baselineId === null && run.benchmarkId) {
      baselineId = (await ctx.db.benchmark.findUnique({ where: { id: run.benchmarkId }, select: { baselineId: true } }))?.baselineId ?? null;
    }
    if (baselineId === null || baselineId === run.id) return { baselineId, comparison: null };
    const base = await store.runResult(baselineId, { series: true });
    if (!base) return { baselineId, comparison: { ok: false as const, reason: `the baseline run ${baselineId} no longer exists` } };
    return { baselineId, comparison: compareToBaseline(run, base) };
  }),

  /** The cell's exact request for the Promote dialog, and its latency for the time estimate. */
  promoteSource: publicProcedure
    .input(z.object({ notebookId: Id, cell: z.union([ScoreCell, GenerateCell]), backendIds: z.array(Id).min(1).max(2) }))
    .mutation(async ({ ctx, input }) => {
      const [a, b] = await Promise.all(input.backendIds.map((id) => ctx.backends.get(id)));
      if (!a) refuse("choose at least one backend");
      const source = await cellSource(ctx.db, input.notebookId, input.cell, { a, b: b ?? a }, ctx.env.STUDIO_BACKEND_TIMEOUT_MS);
      if (!source.ok) refuse(source.message);
      // Finished runs of this very request (e.g. the cell promoted before): each can be the new benchmark's baseline.
      const hash = requestHash([source.snapshot]);
      const rows = await ctx.db.benchmarkRun.findMany({
        where: { status: "done", spec: { contains: hash } },
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, finishedAt: true, benchmark: { select: { id: true, name: true } } },
      });
      const baselineCandidates = rows.map((r) => ({ runId: r.id, benchmarkId: r.benchmark?.id ?? null, benchmarkName: r.benchmark?.name ?? "(no benchmark)", finishedAt: r.finishedAt?.toISOString() ?? null }));
      return { ...source, requestHash: hash, baselineCandidates };
    }),

  /** Read-only summary cards of the benchmarks promoted from a notebook (shared links show them). */
  cards: publicProcedure.input(z.object({ notebookId: Id })).query(({ ctx, input }) => benchmarkCardsForNotebook(ctx.db, input.notebookId)),

  /** Files a bench_serving (JSONL) or vLLM (JSON) result into the benchmark's history. */
  importRun: publicProcedure
    .input(z.object({ benchmarkId: Id, text: z.string().max(50_000_000), backend: z.string().trim().min(1).max(80), sameRequest: z.boolean().default(false), tags: Tags.optional() }))
    .mutation(async ({ ctx, input }) => {
      const r = await importRunFile(ctx.db, input);
      if (!r.ok) refuse(r.message);
      return r;
    }),
});
