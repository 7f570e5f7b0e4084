import { describe, expect, it } from "vitest";
import { Cell } from "../../../lib/schemas/cell";
import { NotebookFile, parseCellFile } from "../../../lib/schemas/notebookFile";

describe("cell schemas", () => {
  it("fills documented defaults", () => {
    expect(Cell.parse({ id: "s", kind: "score", query: "q", items: ["a"], labels: [" yes"] })).toMatchObject({
      applySoftmax: true,
      itemFirst: false,
      topK: 5,
      rule: { name: "score-gate", maxAbs: 0.02, meanAbs: 0.01 },
    });
    expect(Cell.parse({ id: "g", kind: "generate", prompt: "p" })).toMatchObject({
      sampling: { maxNewTokens: 32, temperature: 0 },
      topK: 5,
      rule: { name: "topk-containment" },
    });
  });

  it("takes a rule by name or with parameters", () => {
    const c = Cell.parse({ id: "g", kind: "generate", prompt: "p", rule: { name: "atol-rtol", atol: 0.1 } });
    expect(c.kind === "generate" && c.rule).toEqual({ name: "atol-rtol", atol: 0.1, rtol: 0.01 });
  });

  it.each([
    [{ id: "g", kind: "generate", prompt: "p", sampling: { maxNewTokens: 5000 } }, "sampling.maxNewTokens: maxNewTokens must be ≤ 2048"],
    [{ id: "g", kind: "generate", prompt: "p", rule: "strict" }, "rule: rule must be one of sglang-ci, atol-rtol, topk-containment, bitwise, score-gate"],
    [{ id: "s", kind: "score", query: "q", items: [], labels: [1] }, "items: a score cell needs at least one item"],
    [{ id: "s", kind: "score", query: "q", items: ["a"], labels: [""] }, "labels.0: a label string is empty"],
    [{ id: "s", kind: "score", query: "q", items: ["a"], labels: [-1] }, "labels.0: a label id must be ≥ 0"],
    [{ id: "has space", kind: "markdown", source: "" }, "id: cell id may use only letters"],
  ])("refuses %j with a message naming the field", (cell, message) => {
    const r = parseCellFile(cell);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message.startsWith(message)).toBe(true);
  });

  it("accepts a wrapped cell file and a bare cell, and names a wrong format", () => {
    const cell = { id: "s", kind: "score", query: "q", items: ["a"], labels: [1] };
    expect(parseCellFile({ format: "sglang-studio.cell", version: 1, cell }).ok).toBe(true);
    expect(parseCellFile(cell).ok).toBe(true);
    expect(parseCellFile({ format: "sglang-studio.notebook", cells: [] })).toEqual({
      ok: false,
      message: 'format: expected "sglang-studio.cell" (or a bare cell object), got "sglang-studio.notebook"',
    });
    expect(parseCellFile({ format: "sglang-studio.cell", version: 2, cell })).toEqual({ ok: false, message: "version: version must be 1 (the only cell file version so far)" });
  });

  it("a notebook file refuses duplicate ids and outputs of unknown cells", () => {
    const md = { id: "m", kind: "markdown", source: "# hi" };
    const r = NotebookFile.safeParse({ format: "sglang-studio.notebook", version: 1, title: "t", cells: [md, md] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('duplicate cell id "m"');
    expect(NotebookFile.safeParse({ format: "sglang-studio.notebook", version: 1, title: "t", cells: [md] }).success).toBe(true);
  });
});
