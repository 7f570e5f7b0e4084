import type { Cell } from "../../lib/schemas/cell";
import type { CellRunResult } from "../../lib/schemas/cellRun";
import type { Db } from "../db/client";
import { newId } from "../ids";
import { CellRunStore } from "../notebooks/cellRunStore";

/** A notebook's outputs as files and snapshots hold them: the latest result per cell id. */
export type Outputs = Record<string, CellRunResult>;

/**
 * The latest stored run of each cell, in cell order, kept only while it still fits the cell (same kind:
 * a cell switched from score to generate must not show its old score result).
 */
export async function latestOutputs(db: Db, notebookId: string, cells: readonly Cell[]): Promise<Outputs> {
  const runs = new Map((await new CellRunStore(db).latestPerCell(notebookId)).map((r) => [r.cellId, r.result]));
  const outputs: Outputs = {};
  for (const cell of cells) {
    const result = runs.get(cell.id);
    if (result && result.kind === cell.kind) outputs[cell.id] = result;
  }
  return outputs;
}

/** Stores outputs as runs of `notebookId`, so a fork or an import opens with its results. */
export async function storeOutputs(db: Db, notebookId: string, cells: readonly Cell[], outputs: Outputs): Promise<number> {
  const store = new CellRunStore(db);
  let stored = 0;
  for (const cell of cells) {
    const result = outputs[cell.id];
    if (!result) continue;
    await store.insert({ id: newId(), notebookId, cell, result });
    stored++;
  }
  return stored;
}
