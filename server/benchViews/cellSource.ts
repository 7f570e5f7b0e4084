import type { BackendConfig } from "../../lib/schemas/backend";
import type { RequestSnapshot } from "../../lib/schemas/benchmark";
import { Cell, type RunnableCell } from "../../lib/schemas/cell";
import type { ParityRuleInput } from "../../lib/schemas/parity";
import { snapshotFromCell, snapshotFromSentInput } from "../bench/cellSnapshot";
import { canonicalJson } from "../bench/requestHash";
import type { Db } from "../db/client";
import { CellRunStore } from "../notebooks/cellRunStore";

/**
 * The exact request a cell sends, for promoting it to a benchmark (and for checking later whether the
 * cell still sends it): the token ids of its latest run when that run was of the cell as it is now —
 * what was really sent — else the cell tokenized now on the given backends. Also the cell's latency from
 * its latest run (the slower side), which the Promote dialog's time estimate starts from.
 */
export type CellSource =
  | { ok: true; snapshot: RequestSnapshot; rule: ParityRuleInput; from: string; latencyMs: number | null; runId: string | null; notes: string[] }
  | { ok: false; message: string };

/** How many recent runs to look through for one of the cell as it is now. */
const RECENT_RUNS = 5;

const sameCell = (a: Cell, b: Cell) => canonicalJson(Cell.parse(a)) === canonicalJson(Cell.parse(b));

export async function cellSource(db: Db, notebookId: string, cell: RunnableCell, backends: { a: BackendConfig; b: BackendConfig }, timeoutMs: number): Promise<CellSource> {
  const store = new CellRunStore(db);
  const history = await store.history(notebookId, cell.id);
  const latest = history[0];
  const slower = (l: { a: number | null; b: number | null }) => (l.a === null && l.b === null ? null : Math.max(l.a ?? 0, l.b ?? 0));
  for (const h of history.slice(0, RECENT_RUNS)) {
    const run = await store.find(h.id);
    if (!run || !run.result.input || !sameCell(run.cell, cell)) continue;
    try {
      const snapshot = snapshotFromSentInput(cell, run.result.input);
      return { ok: true, snapshot, rule: cell.rule, from: `the token ids its run of ${run.createdAt} sent`, latencyMs: slower(h.latencyMs), runId: run.id, notes: [] };
    } catch {
      // a run of another kind: tokenize below
    }
  }
  const fresh = await snapshotFromCell(cell, backends, timeoutMs);
  if (!fresh.ok) return { ok: false, message: `the cell could not be tokenized: ${fresh.message}` };
  return {
    ok: true,
    snapshot: fresh.snapshot,
    rule: fresh.rule,
    from: `the cell tokenized now on ${backends.a.name} (it has no run of its current text)`,
    latencyMs: latest ? slower(latest.latencyMs) : null,
    runId: null,
    notes: fresh.notes,
  };
}
