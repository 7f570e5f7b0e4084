import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotebookDoc } from "../../../lib/schemas/notebook";
import { Rng } from "../../../lib/stats/rng";
import { exportNotebook, importNotebook, parseNotebookFile, serializeNotebookFile } from "../../../server/notebooks/files";
import { latestOutputs, storeOutputs } from "../../../server/shares/outputs";
import { generateCell, scoreCell, syntheticGenerateRun, syntheticScoreRun } from "../../fixtures/shares/syntheticRun";
import { withServices } from "../../helpers/services";

describe("export → import", () => {
  let t: Awaited<ReturnType<typeof withServices>>;
  let id: string;
  let doc: NotebookDoc;

  beforeAll(async () => {
    t = await withServices();
    const a = await t.services.backends.create({ name: "torch", dialect: "sglang", baseUrl: "http://127.0.0.1:1" });
    const b = await t.services.backends.create({ name: "jax", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:2" });
    const rng = new Rng(11);
    const g = generateCell("g1", 12);
    const s = { ...scoreCell("s1", 4), itemFirst: true, rule: { name: "atol-rtol" as const, atol: 0.1, rtol: 0 } };
    doc = { settings: { backendA: b.id, backendB: a.id }, cells: [g, { id: "note", kind: "markdown", source: "Read *this*" }, s, scoreCell("unrun")] };
    id = (await t.caller.notebooks.create({ title: "Round trip", doc })).id;
    await storeOutputs(t.services.db, id, doc.cells, { g1: syntheticGenerateRun(g, rng, 12), s1: syntheticScoreRun(s, rng) });
  });
  afterAll(async () => t.close());

  it("round-trips a notebook exactly, with its outputs", async () => {
    const text = serializeNotebookFile(await exportNotebook(t.services, id, { outputs: true }));
    const parsed = parseNotebookFile(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const copy = await importNotebook(t.services, parsed.file);
    expect(copy.id).not.toBe(id);
    expect(copy.outputs).toBe(2);
    expect(copy.doc).toEqual(doc); // cells, order and settings
    expect(serializeNotebookFile(await exportNotebook(t.services, copy.id, { outputs: true }))).toBe(text);
    expect(await latestOutputs(t.services.db, copy.id, copy.doc.cells)).toEqual(await latestOutputs(t.services.db, id, doc.cells));
  });

  it("exports without outputs unless asked, and such a file imports with none", async () => {
    const file = await exportNotebook(t.services, id, { outputs: false });
    expect(file.outputs).toBeUndefined();
    const copy = await importNotebook(t.services, file);
    expect(copy.outputs).toBe(0);
    expect(await latestOutputs(t.services.db, copy.id, copy.doc.cells)).toEqual({});
  });

  it("a refused file creates nothing", async () => {
    const before = await t.services.db.notebook.count();
    const text = serializeNotebookFile(await exportNotebook(t.services, id, { outputs: false })).replace('"version": 1', '"version": 3');
    expect(parseNotebookFile(text)).toEqual({ ok: false, message: "version 3 is newer than this studio understands (1); update SGLang Studio" });
    expect(await t.services.db.notebook.count()).toBe(before);
  });
});
