import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import type { BackendConfig } from "../../lib/schemas/backend";
import { Cell, CellId } from "../../lib/schemas/cell";
import { Side, type CellRunResult } from "../../lib/schemas/cellRun";
import { ParityRule } from "../../lib/schemas/parity";
import { recomputeVerdict, teacherForce } from "../cells";
import { isLast, type CellRunMessage } from "../notebooks/cellJobs";
import { publicProcedure, router } from "../trpc";

const NotebookId = z.string().min(1).max(64);
const RunId = z.string().min(1).max(64);

/** The servers a stored run talked to, found again by name (names are unique; URLs of reference engines change). */
function backendsOfRun(result: CellRunResult, list: BackendConfig[]): { a: BackendConfig; b: BackendConfig } {
  const find = (side: "a" | "b") => {
    const name = result[side].backend.name;
    const found = list.find((b) => b.name === name);
    if (!found) throw new TRPCError({ code: "PRECONDITION_FAILED", message: `backend "${name}" (side ${side.toUpperCase()} of this run) is no longer configured` });
    return found;
  };
  return { a: find("a"), b: find("b") };
}

export const cellsRouter = router({
  /** Starts a run of the cell as the client has it now; it runs on the server even if the tab closes. */
  run: publicProcedure
    .input(z.object({ notebookId: NotebookId, cellId: CellId, cell: Cell }))
    .mutation(async ({ ctx, input }) => {
      const { cell } = input;
      if (cell.id !== input.cellId) throw new TRPCError({ code: "BAD_REQUEST", message: `cell id "${cell.id}" does not match cellId "${input.cellId}"` });
      if (cell.kind === "markdown") throw new TRPCError({ code: "BAD_REQUEST", message: "markdown cells do not run; only score and generate cells do" });
      return ctx.cellJobs.start(input.notebookId, cell);
    }),

  cancel: publicProcedure.input(z.object({ runId: RunId })).mutation(({ ctx, input }) => ({ cancelled: ctx.cellJobs.cancel(input.runId) })),

  /**
   * Everything a run has said so far, then what it says next, ending with its stored result (or why it
   * failed). Resumable: events are tracked by sequence number, so a reconnecting client skips what it had.
   */
  progress: publicProcedure
    .input(z.object({ runId: RunId, lastEventId: z.string().nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const jobs = ctx.cellJobs;
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal?.addEventListener("abort", onAbort);
      try {
        const live = ctx.bus.subscribe("cellRun", stop.signal); // before reading the backlog: nothing is missed
        const backlog = jobs.backlog(input.runId);
        if (backlog === null) {
          // Not running here: stored, or lost (the studio restarted while it ran, or the id is unknown).
          const run = await jobs.store.find(input.runId);
          const done: CellRunMessage = run
            ? { type: "finished", run }
            : { type: "failed", message: "this run has no stored result: the studio stopped while it ran (run the cell again), or the id is unknown" };
          yield tracked("stored", done);
          return;
        }
        let last = input.lastEventId && /^\d+$/.test(input.lastEventId) ? Number(input.lastEventId) : -1;
        for (const e of backlog) {
          if (e.seq <= last) continue;
          last = e.seq;
          yield tracked(String(e.seq), e.message);
          if (isLast(e.message)) return;
        }
        for await (const e of live) {
          if (e.runId !== input.runId || e.seq <= last) continue;
          last = e.seq;
          yield tracked(String(e.seq), e.message);
          if (isLast(e.message)) return;
        }
      } finally {
        signal?.removeEventListener("abort", onAbort);
        stop.abort();
      }
    }),

  /** Earlier runs of one cell, newest first. */
  runs: publicProcedure
    .input(z.object({ notebookId: NotebookId, cellId: CellId }))
    .query(({ ctx, input }) => ctx.cellJobs.store.history(input.notebookId, input.cellId)),

  getRun: publicProcedure.input(z.object({ runId: RunId })).query(({ ctx, input }) => ctx.cellJobs.store.get(input.runId)),

  /** The newest stored run of each cell, and the runs still going: what a page shows as it opens. */
  latest: publicProcedure.input(z.object({ notebookId: NotebookId })).query(async ({ ctx, input }) => {
    const jobs = ctx.cellJobs;
    return { finished: await jobs.store.latestPerCell(input.notebookId), running: jobs.running(input.notebookId) };
  }),

  /** The same run judged under another rule: nothing is re-sent; the stored verdict follows the choice. */
  recompute: publicProcedure.input(z.object({ runId: RunId, rule: ParityRule })).mutation(async ({ ctx, input }) => {
    const store = ctx.cellJobs.store;
    const run = await store.get(input.runId);
    return store.updateResult(run.id, recomputeVerdict(run.result, input.rule));
  }),

  /** Re-scores both backends on one side's generated tokens (generate cells), and stores it with the run. */
  teacherForce: publicProcedure.input(z.object({ runId: RunId, reference: Side })).mutation(async ({ ctx, input }) => {
    const store = ctx.cellJobs.store;
    const run = await store.get(input.runId);
    if (run.result.kind !== "generate") throw new TRPCError({ code: "BAD_REQUEST", message: "teacher forcing applies to generate cells only" });
    const backends = backendsOfRun(run.result, await ctx.backends.list());
    // the cell's own settings, as when it ran: its top-k and its timeout
    const cell = run.cell.kind === "generate" ? run.cell : null;
    const timeoutMs = cell?.timeoutMs ?? ctx.env.STUDIO_BACKEND_TIMEOUT_MS;
    const forced = await teacherForce(run.result, input.reference, backends, { timeoutMs, topK: cell?.topK });
    return store.updateResult(run.id, forced);
  }),
});
