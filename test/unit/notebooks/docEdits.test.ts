import { describe, expect, it } from "vitest";
import { Cell } from "../../../lib/schemas/cell";
import type { NotebookDoc } from "../../../lib/schemas/notebook";
import { compareVersions, describeCell } from "../../../app/notebooks/[id]/docCompare";
import { insertCell, moveCell, newCell, removeCell, replaceCell } from "../../../app/notebooks/[id]/docEdits";
import { itemsToText, labelsToText, textToItems, textToLabels } from "../../../app/notebooks/[id]/cellText";

const doc = (...ids: string[]): NotebookDoc => ({ settings: { backendA: null, backendB: null }, cells: ids.map((id) => ({ id, kind: "markdown" as const, source: id })) });
const ids = (d: NotebookDoc) => d.cells.map((c) => c.id);

describe("notebook document edits", () => {
  it("new cells of every kind are valid as they come", () => {
    for (const kind of ["score", "generate", "markdown"] as const) {
      const cell = newCell(kind);
      expect(Cell.safeParse(cell).success, kind).toBe(true);
      expect(cell.id).toMatch(/^[a-z0-9]{6}$/);
    }
  });

  it("inserts, replaces, removes and moves without touching the input", () => {
    const d = doc("a", "b", "c");
    expect(ids(insertCell(d, newCell("markdown", "x"), "a"))).toEqual(["a", "x", "b", "c"]);
    expect(ids(insertCell(d, newCell("markdown", "x")))).toEqual(["a", "b", "c", "x"]);
    expect(ids(removeCell(d, "b"))).toEqual(["a", "c"]);
    expect(ids(moveCell(d, "c", -1))).toEqual(["a", "c", "b"]);
    expect(moveCell(d, "a", -1)).toBe(d);
    expect(moveCell(d, "c", 1)).toBe(d);
    expect(replaceCell(d, { id: "b", kind: "markdown", source: "new" }).cells[1]).toEqual({ id: "b", kind: "markdown", source: "new" });
    expect(ids(d)).toEqual(["a", "b", "c"]);
  });

  it("names what differs between two versions", () => {
    const mine = { title: "t", doc: replaceCell(insertCell(doc("a", "b"), newCell("markdown", "m")), { id: "a", kind: "markdown", source: "edited" }) };
    const theirs = { title: "t2", doc: moveCell(insertCell(doc("a", "b"), newCell("markdown", "z")), "b", -1) };
    const d = compareVersions(mine, theirs);
    expect(d.title).toBe(true);
    expect(d.onlyMine.map((c) => c.id)).toEqual(["m"]);
    expect(d.onlyTheirs.map((c) => c.id)).toEqual(["z"]);
    expect(d.changed).toEqual(["a"]);
    expect(d.reordered).toBe(true);
    expect(describeCell({ id: "q", kind: "generate", prompt: "The   capital\nof France", sampling: { maxNewTokens: 1, temperature: 0 }, topK: 5, rule: { name: "bitwise" } })).toBe("generate cell “The capital of France”");
  });
});

describe("cell list fields as text", () => {
  it("items: one per line (blank lines dropped, leading spaces kept) or a JSON list", () => {
    expect(textToItems(" a\n\n b c\n")).toEqual({ ok: true, value: [" a", " b c"] });
    expect(textToItems('[" x\\ny", " z"]')).toEqual({ ok: true, value: [" x\ny", " z"] });
    expect(textToItems("[1, 2]")).toMatchObject({ ok: false, message: expect.stringMatching(/only strings/) });
    expect(textToItems('[" x"')).toMatchObject({ ok: false, message: expect.stringMatching(/do not parse/) });
    expect(itemsToText([" a", " b"])).toBe(" a\n b");
    expect(JSON.parse(itemsToText([" x\ny"]))).toEqual([" x\ny"]); // a line break forces the JSON form
  });

  it("labels: a JSON list of strings and non-negative integer ids", () => {
    expect(textToLabels('[" yes", 9]')).toEqual({ ok: true, value: [" yes", 9] });
    expect(textToLabels(" yes, no")).toMatchObject({ ok: false });
    expect(textToLabels("[1.5]")).toMatchObject({ ok: false, message: expect.stringMatching(/label 0/) });
    expect(textToLabels("[-1]")).toMatchObject({ ok: false });
    expect(labelsToText([" yes", 3])).toBe('[" yes",3]');
  });
});
