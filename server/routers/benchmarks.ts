import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { BenchmarkDraft, BenchmarkSettings, RequestSnapshot, type BenchBackend } from "../../lib/schemas/benchmark";
import { GenerateCell, ScoreCell } from "../../lib/schemas/cell";
import { SentInput } from "../../lib/schemas/cellRun";
import { snapshotFromSentInput } from "../bench/cellSnapshot";
import { sealSpec } from "../bench/requestHash";
import { TERMINAL } from "../bench/runStore";
import { publicProcedure, router } from "../trpc";

const Id = z.string().min(1).max(64);

/** A cell's exact request: frozen snapshots, or the cell with the ids its run sent (cellRun.input). */
const Source = z.union([
  z.object({ requests: z.array(RequestSnapshot).min(1) }),
  z.object({ cell: z.union([ScoreCell, GenerateCell]), input: SentInput }),
]);

const CreateInput = z.object({
  name: z.string().trim().min(1).max(200),
  notebookId: Id.optional(),
  cellId: Id.optional(),
  source: Source,
  /** Studio backend ids, A then B: keys stay in the backend store, the spec keeps public fields. */
  backendIds: z.array(Id).min(1).max(2),
  settings: BenchmarkSettings.omit({ name: true }),
});

function badRequest(message: string, cause?: unknown): never {
  throw new TRPCError({ code: "BAD_REQUEST", message, cause });
}

export const benchmarksRouter = router({
  /** Promote a cell to a benchmark: its request is frozen here and never re-tokenized. */
  create: publicProcedure.input(CreateInput).mutation(async ({ ctx, input }) => {
    const requests = "requests" in input.source ? input.source.requests : [snapshotFromSentInput(input.source.cell, input.source.input)];
    const backends: BenchBackend[] = [];
    for (const id of input.backendIds) {
      const b = await ctx.backends.get(id);
      backends.push({ name: b.name, dialect: b.dialect, baseUrl: b.baseUrl, model: b.model ?? null, backendId: b.id });
    }
    const parity = "cell" in input.source && input.settings.gates?.parity === undefined ? { parity: input.source.cell.rule } : {};
    const draft = BenchmarkDraft.safeParse({ ...input.settings, gates: { ...input.settings.gates, ...parity }, name: input.name, requests, backends });
    if (!draft.success) badRequest(draft.error.issues[0]?.message ?? "invalid benchmark", draft.error);
    const sealed = sealSpec(draft.data);
    if (!sealed.ok) badRequest(sealed.message);
    const id = await ctx.bench.store.createBenchmark({ name: input.name, notebookId: input.notebookId, cellId: input.cellId, spec: sealed.spec });
    return { id, requestHash: sealed.spec.requestHash };
  }),

  startRun: publicProcedure.input(z.object({ benchmarkId: Id })).mutation(async ({ ctx, input }) => {
    const q = ctx.bench;
    if (!(await q.store.benchmarkSpec(input.benchmarkId))) throw new TRPCError({ code: "NOT_FOUND", message: `no benchmark with id ${input.benchmarkId}` });
    return { runId: await q.enqueue(input.benchmarkId) };
  }),

  cancel: publicProcedure.input(z.object({ runId: Id })).mutation(async ({ ctx, input }) => {
    const status = await ctx.bench.cancel(input.runId);
    if (status === null) throw new TRPCError({ code: "NOT_FOUND", message: `no run with id ${input.runId}` });
    return { runId: input.runId, status };
  }),

  /** The run as a run file (summary, telemetry, fingerprint) with its per-request series unless asked not to. */
  getRun: publicProcedure.input(z.object({ runId: Id, series: z.boolean().default(true) })).query(async ({ ctx, input }) => {
    const run = await ctx.bench.store.runResult(input.runId, { series: input.series });
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: `no run with id ${input.runId}` });
    return run;
  }),

  /** The run's status now, then every progress event until it ends. */
  progress: publicProcedure.input(z.object({ runId: Id })).subscription(async function* ({ ctx, input, signal }) {
    const events = ctx.bus.subscribe("benchProgress", signal); // subscribe before reading the status: nothing is missed
    const now = await ctx.bench.store.status(input.runId);
    if (!now) throw new TRPCError({ code: "NOT_FOUND", message: `no run with id ${input.runId}` });
    yield { type: "status" as const, runId: input.runId, status: now.status, reason: now.reason, at: new Date().toISOString() };
    if (TERMINAL.has(now.status)) return;
    for await (const e of events) {
      if (e.runId !== input.runId) continue;
      yield e;
      if (e.type === "status" && TERMINAL.has(e.status)) return;
    }
  }),
});
