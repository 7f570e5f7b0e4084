import { z } from "zod";
import { Cell } from "./cell";
import { CellRunResult } from "./cellRun";

/**
 * File formats (export/import, `notebooks/`, the CLI).
 *
 * Notebook file: `{"format": "sglang-studio.notebook", "version": 1, "title": …, "cells": [...],
 * "outputs"?: {cellId: CellRunResult}}`. Outputs never hold API keys (results keep public backend
 * fields only).
 *
 * Cell file (for `studio cell run`): either the wrapped form
 * `{"format": "sglang-studio.cell", "version": 1, "cell": {...}}` or just a bare cell object
 * `{"id": …, "kind": "score", …}`. Both are accepted; the wrapped form is what Studio writes.
 */
export const NOTEBOOK_FORMAT = "sglang-studio.notebook";
export const CELL_FORMAT = "sglang-studio.cell";

export const NotebookFile = z
  .object({
    format: z.literal(NOTEBOOK_FORMAT, { error: `format must be "${NOTEBOOK_FORMAT}"` }),
    version: z.literal(1, { error: "version must be 1 (the only notebook file version so far)" }),
    title: z.string().min(1, "title is empty").max(200, "title is longer than 200 characters"),
    cells: z.array(Cell).max(500, "a notebook holds at most 500 cells"),
    outputs: z.record(z.string(), CellRunResult).optional(),
  })
  .superRefine((nb, ctx) => {
    const seen = new Set<string>();
    nb.cells.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["cells", i, "id"], message: `duplicate cell id "${c.id}"` });
      seen.add(c.id);
    });
    for (const id of Object.keys(nb.outputs ?? {})) {
      if (!seen.has(id)) ctx.addIssue({ code: "custom", path: ["outputs", id], message: `output for unknown cell id "${id}"` });
    }
  });
export type NotebookFile = z.infer<typeof NotebookFile>;

export const CellFile = z.object({
  format: z.literal(CELL_FORMAT),
  version: z.literal(1, { error: "version must be 1 (the only cell file version so far)" }),
  cell: Cell,
});
export type CellFile = z.infer<typeof CellFile>;

/** "items.3: this item is empty; …" — the first problem, with the path of the bad field. */
export function describeIssue(error: z.ZodError, prefix = ""): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== "").join(".");
  return `${path === "" ? "" : `${path}: `}${issue.message}`;
}

/** Reads a parsed JSON value as a cell file (wrapped or bare). */
export function parseCellFile(json: unknown): { ok: true; cell: Cell } | { ok: false; message: string } {
  const wrapped = typeof json === "object" && json !== null && "format" in json;
  if (wrapped) {
    const format = (json as { format: unknown }).format;
    if (format !== CELL_FORMAT) {
      return { ok: false, message: `format: expected "${CELL_FORMAT}" (or a bare cell object), got ${JSON.stringify(format)}` };
    }
    const r = CellFile.safeParse(json);
    return r.success ? { ok: true, cell: r.data.cell } : { ok: false, message: describeIssue(r.error) };
  }
  const r = Cell.safeParse(json);
  return r.success ? { ok: true, cell: r.data } : { ok: false, message: describeIssue(r.error) };
}
