"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useState } from "react";
import { assertNever } from "../../../lib/parity/assertNever";
import type { Cell } from "../../../lib/schemas/cell";
import type { Side } from "../../../lib/schemas/cellRun";
import type { ParityRule } from "../../../lib/schemas/parity";
import type { CellRunMessage } from "../../../server/notebooks/cellJobs";
import { useTRPC, useTRPCClient } from "../../trpc";
import { IDLE, runRefused, runStarted, showRun, startingRun, transitionCell, type CellRuntime, type StoredRunView } from "./cellRuntime";

type Runtimes = Record<string, CellRuntime>;

type Action =
  | { type: "starting"; cellId: string }
  | { type: "started"; cellId: string; runId: string }
  | { type: "refused"; cellId: string; message: string }
  | { type: "message"; runId: string; message: CellRunMessage }
  | { type: "lost"; runId: string; message: string }
  | { type: "show"; cellId: string; run: StoredRunView; latest: boolean }
  | { type: "loaded"; finished: (StoredRunView & { cellId: string })[]; running: { runId: string; cellId: string }[] };

const rtOf = (s: Runtimes, cellId: string) => s[cellId] ?? IDLE;

/** Applies `f` to the cell whose current run is `runId`. */
function forRun(s: Runtimes, runId: string, f: (rt: CellRuntime) => CellRuntime): Runtimes {
  const entry = Object.entries(s).find(([, rt]) => rt.runId === runId);
  return entry ? { ...s, [entry[0]]: f(entry[1]) } : s;
}

function reducer(s: Runtimes, a: Action): Runtimes {
  switch (a.type) {
    case "starting":
      return { ...s, [a.cellId]: startingRun(rtOf(s, a.cellId)) };
    case "started":
      return { ...s, [a.cellId]: runStarted(rtOf(s, a.cellId), a.runId) };
    case "refused":
      return { ...s, [a.cellId]: runRefused(rtOf(s, a.cellId), a.message) };
    case "message":
      return forRun(s, a.runId, (rt) => transitionCell(rt, a.runId, a.message));
    case "lost":
      return forRun(s, a.runId, (rt) => runRefused(rt, a.message));
    case "show":
      return { ...s, [a.cellId]: showRun(rtOf(s, a.cellId), a.run, a.latest) };
    case "loaded": {
      const next = { ...s };
      for (const run of a.finished) if (!next[run.cellId]?.shown) next[run.cellId] = showRun(rtOf(next, run.cellId), run, true);
      for (const r of a.running) if (!next[r.cellId]?.runId) next[r.cellId] = runStarted(rtOf(next, r.cellId), r.runId);
      return next;
    }
    default:
      return assertNever(a);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runtime state of every cell of a notebook: the latest stored runs on load (and runs still going, which
 * the page watches again), runs started here, re-judging and teacher-forcing. "Run all" runs the cells
 * one after another, so each run's timings are its own.
 */
export function useCellRuns(notebookId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [runtimes, dispatch] = useReducer(reducer, {});
  const [queue, setQueue] = useState<Cell[]>([]);
  const [busy, setBusy] = useState<Record<string, string | null>>({});
  const [actionErrors, setActionErrors] = useState<Record<string, string | null>>({});
  const latest = useQuery(trpc.cells.latest.queryOptions({ notebookId }, { staleTime: Infinity, gcTime: 0 }));

  useEffect(() => {
    if (!latest.data) return;
    dispatch({
      type: "loaded",
      finished: latest.data.finished.map((r) => ({ id: r.id, cellId: r.cellId, createdAt: r.createdAt, result: r.result })),
      running: latest.data.running,
    });
  }, [latest.data]);

  const run = useCallback(
    async (cell: Cell) => {
      if (cell.kind === "markdown") return;
      dispatch({ type: "starting", cellId: cell.id });
      try {
        const { runId } = await client.cells.run.mutate({ notebookId, cellId: cell.id, cell });
        dispatch({ type: "started", cellId: cell.id, runId });
      } catch (err) {
        dispatch({ type: "refused", cellId: cell.id, message: errorText(err) });
      }
    },
    [client, notebookId],
  );

  const active = Object.values(runtimes).some((rt) => rt.phase === "starting" || rt.phase === "running");
  useEffect(() => {
    if (active || queue.length === 0) return;
    const [next, ...rest] = queue;
    setQueue(rest);
    if (next) void run(next);
  }, [active, queue, run]);

  /** Runs a stored-run action (re-judge, teacher-force) with the cell marked busy and errors kept in words. */
  const act = async (cellId: string, what: string, f: () => Promise<StoredRunView>) => {
    setBusy((b) => ({ ...b, [cellId]: what }));
    setActionErrors((e) => ({ ...e, [cellId]: null }));
    try {
      const run = await f();
      dispatch({ type: "show", cellId, run, latest: rtOf(runtimes, cellId).shownIsLatest });
    } catch (err) {
      setActionErrors((e) => ({ ...e, [cellId]: `${what} failed: ${errorText(err)}` }));
    } finally {
      setBusy((b) => ({ ...b, [cellId]: null }));
    }
  };

  return {
    runtimes,
    runtimeOf: (cellId: string) => rtOf(runtimes, cellId),
    busyOf: (cellId: string) => busy[cellId] ?? null,
    actionErrorOf: (cellId: string) => actionErrors[cellId] ?? null,
    loadError: latest.error ? `Could not load earlier results: ${latest.error.message}` : null,
    run,
    runAll: (cells: Cell[]) => setQueue(cells.filter((c) => c.kind !== "markdown")),
    queued: queue.length,
    cancel: (runId: string) => void client.cells.cancel.mutate({ runId }),
    onMessage: (runId: string, message: CellRunMessage) => dispatch({ type: "message", runId, message }),
    onLost: (runId: string, message: string) => dispatch({ type: "lost", runId, message }),
    show: (cellId: string, run: StoredRunView, latestRun: boolean) => dispatch({ type: "show", cellId, run, latest: latestRun }),
    recompute: (cellId: string, runId: string, rule: ParityRule) => act(cellId, "Re-judging", () => client.cells.recompute.mutate({ runId, rule })),
    teacherForce: (cellId: string, runId: string, reference: Side) => act(cellId, "Teacher-forcing", () => client.cells.teacherForce.mutate({ runId, reference })),
  };
}
