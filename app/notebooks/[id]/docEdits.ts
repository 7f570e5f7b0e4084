import type { Cell } from "../../../lib/schemas/cell";
import type { NotebookDoc, NotebookSettings } from "../../../lib/schemas/notebook";

/** Pure edits of a notebook's document: each returns a new doc and never mutates its input. */

export type CellKind = Cell["kind"];

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
}

/** A new cell with the schema's defaults, ready to run (score and generate) or to type into (markdown). */
export function newCell(kind: CellKind, id: string = randomId()): Cell {
  switch (kind) {
    case "markdown":
      return { id, kind, source: "" };
    case "score":
      return {
        id,
        kind,
        query: "Is the following review positive? Answer yes or no. Review:",
        items: [" The food was wonderful.", " The room was dirty."],
        labels: [" yes", " no"],
        applySoftmax: true,
        itemFirst: false,
        topK: 5,
        rule: { name: "score-gate", maxAbs: 0.02, meanAbs: 0.01 },
      };
    case "generate":
      return {
        id,
        kind,
        prompt: "The capital of France is",
        sampling: { maxNewTokens: 32, temperature: 0 },
        topK: 5,
        rule: { name: "topk-containment" },
      };
  }
}

/** Inserts after the cell `afterId` (or at the end when null or not found). */
export function insertCell(doc: NotebookDoc, cell: Cell, afterId: string | null = null): NotebookDoc {
  const at = afterId === null ? -1 : doc.cells.findIndex((c) => c.id === afterId);
  const cells = [...doc.cells];
  cells.splice(at < 0 ? cells.length : at + 1, 0, cell);
  return { ...doc, cells };
}

export function replaceCell(doc: NotebookDoc, cell: Cell): NotebookDoc {
  return { ...doc, cells: doc.cells.map((c) => (c.id === cell.id ? cell : c)) };
}

export function removeCell(doc: NotebookDoc, id: string): NotebookDoc {
  return { ...doc, cells: doc.cells.filter((c) => c.id !== id) };
}

/** Moves a cell one place up (-1) or down (+1); a move past either end leaves the doc as it was. */
export function moveCell(doc: NotebookDoc, id: string, by: -1 | 1): NotebookDoc {
  const from = doc.cells.findIndex((c) => c.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= doc.cells.length) return doc;
  const cells = [...doc.cells];
  const [cell] = cells.splice(from, 1);
  cells.splice(to, 0, cell as Cell);
  return { ...doc, cells };
}

export function setSettings(doc: NotebookDoc, patch: Partial<NotebookSettings>): NotebookDoc {
  return { ...doc, settings: { ...doc.settings, ...patch } };
}
