import type { Cell } from "../../../lib/schemas/cell";
import type { NotebookContent } from "./saveState";

/** What differs between two versions of a notebook, in words the conflict banner can show. */
export interface VersionDiff {
  title: boolean;
  settings: boolean;
  onlyMine: Cell[];
  onlyTheirs: Cell[];
  changed: string[];
  reordered: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function compareVersions(mine: NotebookContent, theirs: NotebookContent): VersionDiff {
  const theirById = new Map(theirs.doc.cells.map((c) => [c.id, c]));
  const mineIds = new Set(mine.doc.cells.map((c) => c.id));
  const common = mine.doc.cells.filter((c) => theirById.has(c.id)).map((c) => c.id);
  const theirOrder = theirs.doc.cells.filter((c) => mineIds.has(c.id)).map((c) => c.id);
  return {
    title: mine.title !== theirs.title,
    settings: !same(mine.doc.settings, theirs.doc.settings),
    onlyMine: mine.doc.cells.filter((c) => !theirById.has(c.id)),
    onlyTheirs: theirs.doc.cells.filter((c) => !mineIds.has(c.id)),
    changed: common.filter((id) => !same(theirById.get(id), mine.doc.cells.find((c) => c.id === id))),
    reordered: common.join() !== theirOrder.join(),
  };
}

/** "score cell 3f2a…", with the start of its text, so a person recognises it. */
export function describeCell(cell: Cell): string {
  const text = cell.kind === "markdown" ? cell.source : cell.kind === "score" ? cell.query : cell.prompt;
  const excerpt = text.replace(/\s+/g, " ").trim().slice(0, 40);
  return `${cell.kind} cell${excerpt ? ` “${excerpt}${text.length > 40 ? "…" : ""}”` : ` ${cell.id}`}`;
}
