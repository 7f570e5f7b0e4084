import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateCell } from "../../../lib/schemas/cell";
import { startEngine, type RunningEngine } from "../../../server/engine";
import { withServices } from "../../helpers/services";

/**
 * The benchmark pages' procedures (routers/benchmarkViews) on a real SQLite file against the two
 * reference engines: promote a cell, the cell edited later, runs and their baseline (a different request
 * refused with the reason), tags, imports, and the share card.
 */

type Studio = Awaited<ReturnType<typeof withServices>>;
let engines: RunningEngine[] = [];
let studio: Studio;
let ids: string[] = [];

const CELL: GenerateCell = { id: "g1", kind: "generate", prompt: "The history of the city begins", sampling: { maxNewTokens: 4, temperature: 0 }, topK: 2, rule: { name: "topk-containment" } };

beforeAll(async () => {
  engines = await Promise.all([startEngine({ dialect: "sglang" }), startEngine({ dialect: "sglang-jax", dtype: "bfloat16" })]);
  studio = await withServices();
  const a = await studio.caller.backends.create({ name: "torch", dialect: "sglang", baseUrl: engines[0]!.url });
  const b = await studio.caller.backends.create({ name: "jax", dialect: "sglang-jax", baseUrl: engines[1]!.url });
  ids = [a.id, b.id];
}, 60_000);

afterAll(async () => {
  await studio?.close();
  await Promise.all(engines.map((e) => e.close()));
});

async function runToEnd(benchmarkId: string): Promise<string> {
  const { runId } = await studio.caller.benchmarks.startRun({ benchmarkId });
  for await (const e of await studio.caller.benchmarks.progress({ runId })) if (e.type === "status" && ["done", "failed", "cancelled"].includes(e.status)) break;
  return runId;
}

describe("benchmark views", () => {
  let notebookId = "";
  let benchmarkId = "";
  let hash = "";
  const runs: string[] = [];

  it("promotes a cell: its exact request (tokenized on the backend when it never ran), and a time estimate input", async () => {
    const nb = await studio.caller.notebooks.create({ title: "bench source", doc: { cells: [CELL] } });
    notebookId = nb.id;
    const source = await studio.caller.benchmarkViews.promoteSource({ notebookId, cell: CELL, backendIds: ids });
    expect(source.snapshot).toMatchObject({ kind: "generate", sampling: { maxNewTokens: 4 } });
    expect(source.from).toMatch(/tokenized now on torch/);
    expect(source.requestHash).toMatch(/^sha256:/);
    expect(source.baselineCandidates).toEqual([]);
    const created = await studio.caller.benchmarks.create({
      name: "city",
      notebookId,
      cellId: CELL.id,
      source: { requests: [source.snapshot] },
      backendIds: ids,
      settings: { load: { kind: "closed", concurrency: [1, 2] }, requestsPerLevel: 4, warmup: 1, gates: { parity: CELL.rule }, telemetryIntervalMs: 200 },
    });
    benchmarkId = created.id;
    hash = created.requestHash;
    expect(hash).toBe(source.requestHash);
    expect(await studio.caller.benchmarkViews.sourceStatus({ id: benchmarkId })).toMatchObject({ state: "same" });
  }, 60_000);

  it("a cell edited later: the benchmark says so, and still runs its own snapshot", async () => {
    const nb = await studio.caller.notebooks.get({ id: notebookId });
    const saved = await studio.caller.notebooks.save({ id: notebookId, baseVersion: nb.version, title: nb.title, doc: { ...nb.doc, cells: [{ ...CELL, prompt: "Something else entirely" }] } });
    expect(saved.ok).toBe(true);
    const status = await studio.caller.benchmarkViews.sourceStatus({ id: benchmarkId });
    expect(status.state).toBe("changed");
    expect(status.message).toMatch(/runs its own snapshot/);
    runs.push(await runToEnd(benchmarkId));
    const run = await studio.caller.benchmarks.getRun({ runId: runs[0]!, series: false });
    expect(run.status).toBe("done");
    expect(run.requestHash).toBe(hash);
  }, 120_000);

  it("baseline: a finished run of the same request is accepted and every later run is judged against it", async () => {
    await studio.caller.benchmarkViews.setBaseline({ benchmarkId, runId: runs[0]! });
    runs.push(await runToEnd(benchmarkId));
    const d = await studio.caller.benchmarkViews.detail({ id: benchmarkId });
    expect(d.baselineId).toBe(runs[0]);
    const [first, second] = d.runs;
    expect(first?.verdict.isBaseline).toBe(true);
    expect(second?.verdict.against).toBe("baseline");
    expect(["PASS", "FAIL"]).toContain(second?.verdict.label);
    const c = await studio.caller.benchmarkViews.compare({ runId: runs[1]! });
    expect(c.comparison?.ok).toBe(true);
    if (c.comparison?.ok) {
      expect(c.comparison.gates.map((g) => g.name)).toEqual(expect.arrayContaining(["throughput", "p95", "error-rate", "parity"]));
      expect(c.comparison.levels[0]?.backends[0]?.latencyP95.ci95).not.toBeNull();
    }
  }, 120_000);

  it("refuses a baseline that measured a different request, with the reason; and one that did not finish", async () => {
    const text = fs.readFileSync(path.join(__dirname, "../../fixtures/imports/vllm_append.jsonl"), "utf8");
    const imp = await studio.caller.benchmarkViews.importRun({ benchmarkId, text, backend: "jax", sameRequest: false });
    expect(imp).toMatchObject({ ok: true, levels: 2 });
    await expect(studio.caller.benchmarkViews.setBaseline({ benchmarkId, runId: imp.runId })).rejects.toThrow(/requestHash differs/);
    const d = await studio.caller.benchmarkViews.detail({ id: benchmarkId });
    const imported = d.runs.find((r) => r.id === imp.runId);
    expect(imported).toMatchObject({ source: "vllm", sameRequest: false, tags: ["rate-sweep"] });
    expect(imported?.verdict.refused).toMatch(/^requestHash differs/);
    const { runId } = await studio.caller.benchmarks.startRun({ benchmarkId });
    for await (const e of await studio.caller.benchmarks.progress({ runId })) {
      if (e.type === "level") await studio.caller.benchmarks.cancel({ runId });
      if (e.type === "status" && ["done", "failed", "cancelled"].includes(e.status)) break;
    }
    await expect(studio.caller.benchmarkViews.setBaseline({ benchmarkId, runId })).rejects.toThrow(/ended cancelled; only a finished run can be the baseline/);
  }, 120_000);

  it("tags runs, refusing tags that are not one word", async () => {
    await expect(studio.caller.benchmarkViews.setTags({ runId: runs[1]!, tags: ["two words"] })).rejects.toThrow(/no spaces or commas/);
    await studio.caller.benchmarkViews.setTags({ runId: runs[1]!, tags: ["commit-abc123", "pr-42"] });
    const list = await studio.caller.benchmarkViews.overview();
    const mine = list.find((b) => b.id === benchmarkId);
    expect(mine?.tags).toEqual(expect.arrayContaining(["commit-abc123", "pr-42", "rate-sweep"]));
    expect(mine?.history.length).toBeGreaterThanOrEqual(2);
    // the list reads every benchmark's runs in one query: each keeps its own runs, numbered as its page numbers them
    for (const b of list) {
      const d = await studio.caller.benchmarkViews.detail({ id: b.id });
      expect(b.runs).toBe(d.runs.length);
      expect(b.latest?.index ?? 0).toBe(d.runs.length);
    }
  });

  it("promoting the same cell again offers the earlier runs as baseline candidates", async () => {
    const source = await studio.caller.benchmarkViews.promoteSource({ notebookId, cell: CELL, backendIds: ids });
    expect(source.requestHash).toBe(hash);
    expect(source.baselineCandidates.map((c) => c.runId)).toEqual(expect.arrayContaining(runs));
  }, 60_000);

  it("gives a share card with the latest verdict and numbers", async () => {
    const cards = await studio.caller.benchmarkViews.cards({ notebookId });
    expect(cards).toHaveLength(1);
    expect(cards[0]?.latest?.levels.length).toBeGreaterThan(0);
    expect(cards[0]?.sparks.p95.length).toBeGreaterThan(0);
  });

  it("a share link of the notebook carries the benchmark's card, frozen at share time", async () => {
    const share = await studio.caller.shares.create({ notebookId });
    const view = await studio.caller.shares.view({ id: share.id });
    expect(view.benchmarks).toHaveLength(1);
    expect(view.benchmarks[0]?.name).toBe("city");
    expect(view.benchmarks[0]?.latest?.levels.length).toBeGreaterThan(0);
  });
});
