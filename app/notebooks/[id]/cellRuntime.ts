import { assertNever } from "../../../lib/parity/assertNever";
import type { CellRunEvent, CellRunResult } from "../../../lib/schemas/cellRun";
import type { CellRunMessage } from "../../../server/notebooks/cellJobs";
import type { LiveSide, LiveSides } from "./output/types";

/**
 * A cell's runtime state (never saved in the notebook: the notebook holds cells, the server holds runs),
 * moved forward by one pure transition per message of the run's progress subscription.
 */

export type RunPhase = "idle" | "starting" | "running" | "done" | "failed";

export interface StoredRunView {
  id: string;
  createdAt: string;
  result: CellRunResult;
}

export interface CellRuntime {
  phase: RunPhase;
  /** The run in progress (starting/running). */
  runId: string | null;
  step: string | null;
  backends: { a: string; b: string } | null;
  /** Generate cells: what each side has streamed so far. */
  live: LiveSides | null;
  /** Score cells: items whose prompt-logprob pass finished, per side. */
  itemsDone: { a: number; b: number };
  /** The run shown under the cell (the latest, or one picked from the history). */
  shown: StoredRunView | null;
  /** The shown run is the cell's latest (false when picked from the history). */
  shownIsLatest: boolean;
  error: string | null;
}

export const IDLE: CellRuntime = {
  phase: "idle",
  runId: null,
  step: null,
  backends: null,
  live: null,
  itemsDone: { a: 0, b: 0 },
  shown: null,
  shownIsLatest: true,
  error: null,
};

const emptySide = (): LiveSide => ({ text: "", tokens: [], done: false, error: null });

export function startingRun(rt: CellRuntime): CellRuntime {
  return { ...rt, phase: "starting", runId: null, step: null, live: null, itemsDone: { a: 0, b: 0 }, error: null };
}

export function runStarted(rt: CellRuntime, runId: string): CellRuntime {
  return { ...rt, phase: "running", runId };
}

export function runRefused(rt: CellRuntime, message: string): CellRuntime {
  return { ...rt, phase: "failed", runId: null, error: message };
}

function applyEvent(rt: CellRuntime, e: CellRunEvent): CellRuntime {
  switch (e.type) {
    case "phase":
      return { ...rt, step: e.phase };
    case "tokens": {
      const live = rt.live ?? { a: emptySide(), b: emptySide() };
      const side = live[e.side];
      return { ...rt, live: { ...live, [e.side]: { ...side, text: e.text, tokens: [...side.tokens, ...e.added] } } };
    }
    case "item":
      return { ...rt, itemsDone: { ...rt.itemsDone, [e.side]: rt.itemsDone[e.side] + 1 } };
    case "side-done": {
      const live = rt.live ?? { a: emptySide(), b: emptySide() };
      return { ...rt, live: { ...live, [e.side]: { ...live[e.side], done: true, error: e.error?.message ?? null } } };
    }
    default:
      return assertNever(e);
  }
}

/** One message of the run `runId`; messages of any other run (an older one still reporting) are ignored. */
export function transitionCell(rt: CellRuntime, runId: string, m: CellRunMessage): CellRuntime {
  if (rt.runId !== runId) return rt;
  switch (m.type) {
    case "started":
      return { ...rt, phase: "running", backends: m.backends };
    case "event":
      return applyEvent(rt, m.event);
    case "finished":
      return { ...rt, phase: "done", runId: null, step: null, live: null, shown: { id: m.run.id, createdAt: m.run.createdAt, result: m.run.result }, shownIsLatest: true, error: null };
    case "failed":
      return { ...rt, phase: "failed", runId: null, step: null, error: m.message };
    default:
      return assertNever(m);
  }
}

/** Shows a stored run (loaded with the page, picked from the history, or re-judged). */
export function showRun(rt: CellRuntime, run: StoredRunView, isLatest: boolean): CellRuntime {
  return { ...rt, shown: run, shownIsLatest: isLatest, phase: rt.phase === "running" || rt.phase === "starting" ? rt.phase : "done" };
}
