import { describe, expect, it } from "vitest";
import { Rng } from "../../../lib/stats/rng";
import {
  MAX_NOTEBOOK_FILE_BYTES,
  parseNotebookFile,
  serializeNotebookFile,
  toNotebookFile,
  validateNotebookJson,
} from "../../../server/notebooks/files";
import { generateCell, scoreCell, syntheticGenerateRun, syntheticScoreRun } from "../../fixtures/shares/syntheticRun";

const good = () => ({
  format: "sglang-studio.notebook",
  version: 1,
  title: "Parity",
  cells: [{ id: "m1", kind: "markdown", source: "# hi" }, scoreCell("s1"), generateCell("g1")],
});

function message(json: unknown): string {
  const r = validateNotebookJson(json);
  if (r.ok) throw new Error("expected the file to be refused");
  return r.message;
}

describe("reading notebook files", () => {
  it("accepts a valid file and fills defaults", () => {
    const r = validateNotebookJson({ ...good(), cells: [{ id: "g", kind: "generate", prompt: "hi" }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.file.cells[0]).toMatchObject({ sampling: { maxNewTokens: 32, temperature: 0 }, topK: 5, rule: { name: "topk-containment" } });
  });

  it("says a file from a newer studio needs an update", () => {
    expect(message({ ...good(), version: 2 })).toBe("version 2 is newer than this studio understands (1); update SGLang Studio");
  });

  it("names the unknown cell kind and the kinds it knows", () => {
    const cells = [...good().cells, { id: "q", kind: "sql", query: "select 1" }];
    expect(message({ ...good(), cells })).toBe('cells.3.kind: unknown cell kind "sql"; this studio knows markdown, score, generate');
  });

  it("names the path of a bad field", () => {
    const cells = good().cells;
    cells[1] = { ...scoreCell("s1"), items: ["ok", ""] };
    expect(message({ ...good(), cells })).toBe("cells.1.items.1: this item is empty; remove it or give it text");
  });

  it.each([
    ["not JSON", "{ nope", /^not valid JSON: /],
    ["an array", "[]", /^expected a notebook file .*got an array$/],
    ["no format", JSON.stringify({ version: 1 }), /^format: missing; this is not an SGLang Studio notebook file/],
    ["another format", JSON.stringify({ format: "sglang-studio.cell", version: 1 }), /^format: expected "sglang-studio.notebook", got "sglang-studio.cell"$/],
    ["version 0", JSON.stringify({ ...good(), version: 0 }), /^version: expected 1, got 0$/],
    ["version text", JSON.stringify({ ...good(), version: "2" }), /^version: expected 1, got "2"$/],
    ["no cells", JSON.stringify({ ...good(), cells: undefined }), /^cells: expected a list of cells, got nothing$/],
    ["a cell that is not an object", JSON.stringify({ ...good(), cells: ["x"] }), /^cells\.0: expected a cell object, got string$/],
    ["a cell without kind", JSON.stringify({ ...good(), cells: [{ id: "x" }] }), /^cells\.0\.kind: missing; this studio knows/],
    ["duplicate ids", JSON.stringify({ ...good(), cells: [scoreCell("x"), generateCell("x")] }), /^cells\.1\.id: duplicate cell id "x"$/],
    ["empty title", JSON.stringify({ ...good(), title: "" }), /^title: title is empty$/],
  ])("refuses %s with a clear message", (_, text, expected) => {
    const r = parseNotebookFile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(expected);
  });

  it("refuses a file over the size limit before parsing it", () => {
    const text = JSON.stringify({ ...good(), padding: "x".repeat(MAX_NOTEBOOK_FILE_BYTES) });
    const r = parseNotebookFile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^the file is 20\.0 MiB; notebook files are limited to 20\.0 MiB/);
  });

  it("refuses outputs that do not belong to their cell", () => {
    const f = good();
    const run = syntheticScoreRun(scoreCell("s1"), new Rng(1));
    expect(message({ ...f, outputs: { nope: run } })).toBe('outputs.nope: output for unknown cell id "nope"');
    expect(message({ ...f, outputs: { g1: { ...run, cellId: "g1" } } })).toBe('outputs.g1.kind: a score result cannot belong to generate cell "g1"');
    expect(message({ ...f, outputs: { s1: { ...run, cellId: "x" } } })).toBe('outputs.s1.cellId: is "x" but the output is filed under "s1"');
  });
});

describe("writing notebook files", () => {
  it("round-trips exactly: cells, order, settings and outputs", () => {
    const rng = new Rng(7);
    const cells = [generateCell("g1", 8), { id: "m", kind: "markdown" as const, source: "*note*" }, scoreCell("s1", 3)];
    const outputs = { g1: syntheticGenerateRun(cells[0] as ReturnType<typeof generateCell>, rng, 8), s1: syntheticScoreRun(cells[2] as ReturnType<typeof scoreCell>, rng) };
    const file = toNotebookFile({ title: "T", doc: { settings: { backendA: "x", backendB: "y" }, cells } }, outputs);
    const text = serializeNotebookFile(file);
    const back = parseNotebookFile(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.file).toEqual(file);
    expect(serializeNotebookFile(back.file)).toBe(text);
    expect(Object.keys(JSON.parse(text))).toEqual(["format", "version", "title", "settings", "cells", "outputs"]);
  });

  it("leaves outputs out unless given", () => {
    const file = toNotebookFile({ title: "T", doc: { settings: { backendA: null, backendB: null }, cells: [] } });
    expect("outputs" in file).toBe(false);
  });
});
