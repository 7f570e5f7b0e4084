import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNotebook } from "../../../server/cli/notebookRun";
import { startEngine, type RunningEngine } from "../../../server/engine";
import { EXAMPLES_DIR, loadExamplesOnFirstStart } from "../../../server/notebooks/examples";
import { readNotebookFile } from "../../../server/notebooks/files";
import { withServices } from "../../helpers/services";

const exampleFiles = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).sort();

describe("example notebooks", () => {
  it("are at least three valid notebook files, each explained by a markdown cell", () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(3);
    const kinds = new Set<string>();
    for (const f of exampleFiles) {
      const parsed = readNotebookFile(path.join(EXAMPLES_DIR, f));
      if (!parsed.ok) throw new Error(`${f}: ${parsed.message}`);
      expect(parsed.file.cells[0]?.kind, f).toBe("markdown");
      for (const c of parsed.file.cells) kinds.add(c.kind);
    }
    expect(kinds).toEqual(new Set(["markdown", "score", "generate"]));
  });

  it("load on the first start only", async () => {
    const t = await withServices();
    try {
      const first = await loadExamplesOnFirstStart(t.services);
      expect(first.failed).toEqual([]);
      expect(first.loaded.map((l) => l.file).sort()).toEqual(exampleFiles);
      const list = await t.caller.notebooks.list();
      expect(list).toHaveLength(exampleFiles.length);

      // deleting them all does not bring them back on the next start
      for (const nb of list) await t.caller.notebooks.delete({ id: nb.id });
      expect(await loadExamplesOnFirstStart(t.services)).toMatchObject({ loaded: [], skipped: "already-loaded" });
    } finally {
      await t.close();
    }
  });

  it("are not added to a studio that already has notebooks, and a broken file does not stop the others", async () => {
    const t = await withServices();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examples-"));
    try {
      fs.copyFileSync(path.join(EXAMPLES_DIR, exampleFiles[0] as string), path.join(dir, "a.json"));
      fs.writeFileSync(path.join(dir, "b.json"), '{"format": "sglang-studio.notebook", "version": 9}');
      const outcome = await loadExamplesOnFirstStart(t.services, dir);
      expect(outcome.loaded.map((l) => l.file)).toEqual(["a.json"]);
      expect(outcome.failed).toEqual([{ file: "b.json", message: "version 9 is newer than this studio understands (1); update SGLang Studio" }]);

      const other = await withServices();
      try {
        await other.caller.notebooks.create({ title: "Mine" });
        expect(await loadExamplesOnFirstStart(other.services, dir)).toMatchObject({ loaded: [], skipped: "has-notebooks" });
      } finally {
        await other.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  });

  describe("against the reference engines", () => {
    let engines: RunningEngine[] = [];
    let t: Awaited<ReturnType<typeof withServices>>;
    beforeAll(async () => {
      engines = await Promise.all([
        startEngine({ dialect: "sglang", port: 0, dtype: "float32" }),
        startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16" }),
      ]);
      t = await withServices();
      await t.services.backends.create({ name: "ref-torch", dialect: "sglang", baseUrl: engines[0]!.url });
      await t.services.backends.create({ name: "ref-jax", dialect: "sglang-jax", baseUrl: engines[1]!.url });
    });
    afterAll(async () => {
      await t.close();
      await Promise.all(engines.map((e) => e.close()));
    });

    it("every example runs and passes its own rule", async () => {
      const { loaded } = await loadExamplesOnFirstStart(t.services);
      for (const { file, id } of loaded) {
        const report = await runNotebook(t.services, id, {});
        expect(report.counts, file).toMatchObject({ error: 0, fail: 0, "n/a": 0 });
        expect(report.exitCode, file).toBe(0);
        expect(report.stored).toBe(true);
        const runs = await t.services.db.cellRun.count({ where: { notebookId: id } });
        expect(runs, file).toBe(report.cells.length);
      }
    }, 120_000);
  });
});
