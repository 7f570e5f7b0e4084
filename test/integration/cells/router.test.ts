import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { NotebookDoc } from "../../../lib/schemas/notebook";
import { startEngine } from "../../../server/engine";
import { createCaller } from "../../../server/routers/_app";
import { unreachableUrl } from "../../helpers/fixtureBackend";
import { withStudioServer } from "../../helpers/studioServer";
import { finishedRun, generateCell, scoreCell, watchRun } from "./helpers";

/**
 * The cells router end to end: the real studio server (HTTP + WebSocket), real SQLite, and the two
 * reference engines (sglang in float32, sglang-jax in bfloat16) as backends.
 */
describe("cells router against the reference engines", () => {
  let studio: Awaited<ReturnType<typeof withStudioServer>>;
  let engines: { url: string; close(): Promise<void> }[] = [];
  let ids: { a: string; b: string; down: string };

  beforeAll(async () => {
    studio = await withStudioServer();
    engines = await Promise.all([
      startEngine({ dialect: "sglang", port: 0, dtype: "float32" }),
      startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16" }),
    ]);
    const c = studio.client;
    const a = await c.backends.create.mutate({ name: "engine-f32", dialect: "sglang", baseUrl: engines[0]!.url });
    const b = await c.backends.create.mutate({ name: "engine-bf16", dialect: "sglang-jax", baseUrl: engines[1]!.url });
    const down = await c.backends.create.mutate({ name: "down", dialect: "sglang-jax", baseUrl: await unreachableUrl() });
    ids = { a: a.id, b: b.id, down: down.id };
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
    await Promise.all(engines.map((e) => e.close()));
  });

  const notebookWith = (doc: z.input<typeof NotebookDoc>) => studio.client.notebooks.create.mutate({ title: "cells test", doc });

  it("runs a score cell: progress streams, the result is stored, and runs/latest/getRun return it", async () => {
    const nb = await notebookWith({ settings: { backendA: ids.a, backendB: ids.b }, cells: [scoreCell()] });
    const { runId, backends } = await studio.client.cells.run.mutate({ notebookId: nb.id, cellId: "score1", cell: scoreCell() });
    expect(backends).toEqual({ a: "engine-f32", b: "engine-bf16" });

    const messages = await watchRun(studio.client, runId);
    expect(messages[0]?.type).toBe("started");
    const events = messages.flatMap((m) => (m.type === "event" ? [m.event] : []));
    expect(events.filter((e) => e.type === "item")).toHaveLength(4); // 2 items × 2 sides
    expect(events.filter((e) => e.type === "side-done").map((e) => e.type === "side-done" && e.ok)).toEqual([true, true]);

    const run = finishedRun(messages);
    expect(run.result.status).toBe("ok");
    const [sa, sb] = [run.result.a.scores, run.result.b.scores];
    expect(sa).toHaveLength(2);
    expect(sb).toHaveLength(2);
    // float32 vs bfloat16 math: the two engines agree closely but not bit for bit
    expect(run.result.diff?.scores?.summary.maxAbsDelta?.value).toBeGreaterThan(0);
    expect(run.result.verdict?.rule).toBe("score-gate");

    const history = await studio.client.cells.runs.query({ notebookId: nb.id, cellId: "score1" });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: runId, status: "ok", rule: "score-gate", backends: { a: "engine-f32", b: "engine-bf16" } });
    expect(history[0]?.verdict).toBe(run.result.verdict?.status);
    expect(history[0]?.latencyMs.a).toBeGreaterThan(0);

    const latest = await studio.client.cells.latest.query({ notebookId: nb.id });
    expect(latest.running).toEqual([]);
    expect(latest.finished.map((r) => r.id)).toEqual([runId]);
    const got = await studio.client.cells.getRun.query({ runId });
    expect(got.result).toEqual(run.result);
    expect(got.cell).toMatchObject({ id: "score1", kind: "score", labels: [" yes", " no"] });

    // a watcher arriving after the end still gets the outcome: from memory, then (fresh registry) from the database
    const late = await watchRun(studio.client, runId);
    expect(late.map((m) => m.type)).toEqual(["finished"]);
    const fresh = createCaller({ ...studio.studio.services });
    const stored: string[] = [];
    for await (const msg of await fresh.cells.progress({ runId })) {
      // in process, tracked() events arrive as their raw [id, data] envelope; over the wire as {id, data}
      const data = (Array.isArray(msg) ? msg[1] : msg.data) as { type: string };
      stored.push(data.type);
    }
    expect(stored).toEqual(["finished"]);
  });

  it("recomputes the verdict under another rule without re-running, and the history follows", async () => {
    const nb = await notebookWith({ settings: { backendA: ids.a, backendB: ids.b }, cells: [scoreCell()] });
    const { runId } = await studio.client.cells.run.mutate({ notebookId: nb.id, cellId: "score1", cell: scoreCell() });
    const before = finishedRun(await watchRun(studio.client, runId));
    const exchanges = before.result.a.exchanges.length;

    const after = await studio.client.cells.recompute.mutate({ runId, rule: { name: "bitwise" } });
    expect(after.result.verdict?.rule).toBe("bitwise");
    expect(after.result.verdict?.status).toBe("fail"); // float32 and bfloat16 are never bit-identical
    expect(after.result.a.exchanges).toHaveLength(exchanges); // nothing was sent again
    expect(after.result.a.scores).toEqual(before.result.a.scores);
    const [summary] = await studio.client.cells.runs.query({ notebookId: nb.id, cellId: "score1" });
    expect(summary).toMatchObject({ rule: "bitwise", verdict: "fail" });

    await expect(studio.client.cells.recompute.mutate({ runId: "nope", rule: { name: "bitwise" } })).rejects.toThrow(/no stored cell run/);
  });

  it("streams a generate cell's tokens live on both sides, then teacher-forces past the split", async () => {
    const nb = await notebookWith({ settings: { backendA: ids.a, backendB: ids.b }, cells: [generateCell()] });
    const { runId } = await studio.client.cells.run.mutate({ notebookId: nb.id, cellId: "gen1", cell: generateCell() });
    const messages = await watchRun(studio.client, runId);
    const tokenEvents = messages.flatMap((m) => (m.type === "event" && m.event.type === "tokens" ? [m.event] : []));
    expect(new Set(tokenEvents.map((e) => e.side))).toEqual(new Set(["a", "b"]));
    const run = finishedRun(messages);
    expect(run.result.status).toBe("ok");
    for (const side of ["a", "b"] as const) {
      const streamed = tokenEvents.filter((e) => e.side === side).flatMap((e) => e.added.map((t) => t.id));
      expect(streamed).toEqual(run.result[side].output?.tokens.map((t) => t.id));
    }

    const forced = await studio.client.cells.teacherForce.mutate({ runId, reference: "a" });
    expect(forced.result.teacherForced?.reference).toBe("a");
    expect(forced.result.teacherForced?.errors).toEqual([]);
    expect(forced.result.teacherForced?.diff?.positions.length).toBe(run.result.a.output?.tokens.length);
    expect((await studio.client.cells.getRun.query({ runId })).result.teacherForced?.reference).toBe("a");
  });

  it("keeps and stores the side that answered when the other backend is down", async () => {
    const nb = await notebookWith({ settings: { backendA: ids.a, backendB: ids.down }, cells: [scoreCell()] });
    const { runId } = await studio.client.cells.run.mutate({ notebookId: nb.id, cellId: "score1", cell: scoreCell() });
    const run = finishedRun(await watchRun(studio.client, runId));
    expect(run.result.status).toBe("partial");
    expect(run.result.a.ok).toBe(true);
    expect(run.result.a.scores).toHaveLength(2);
    expect(run.result.b.ok).toBe(false);
    expect(run.result.b.error?.message).toMatch(/refused|reach/i);
    const [summary] = await studio.client.cells.runs.query({ notebookId: nb.id, cellId: "score1" });
    expect(summary).toMatchObject({ id: runId, status: "partial" });
  });

  it("refuses with words: a bad cell, a markdown cell, a missing backend, fewer than two backends", async () => {
    const nb = await notebookWith({ settings: { backendA: ids.a, backendB: "gone" }, cells: [scoreCell()] });
    const run = (cell: Parameters<typeof studio.client.cells.run.mutate>[0]["cell"]) =>
      studio.client.cells.run.mutate({ notebookId: nb.id, cellId: cell.id, cell });
    await expect(run(scoreCell())).rejects.toThrow(/backend B of this notebook \(id gone\) no longer exists/);
    await expect(run({ ...scoreCell(), items: [] })).rejects.toThrow(/at least one item/);
    await expect(run({ id: "md", kind: "markdown", source: "# hi" })).rejects.toThrow(/markdown cells do not run/);

    const lonely = await withStudioServer();
    try {
      const only = await lonely.client.backends.create.mutate({ name: "only", dialect: "sglang", baseUrl: engines[0]!.url });
      const nb2 = await lonely.client.notebooks.create.mutate({ title: "t" });
      const cell = nb2.doc.cells[0]!;
      await expect(lonely.client.cells.run.mutate({ notebookId: nb2.id, cellId: cell.id, cell })).rejects.toThrow(/only one is configured/);
      // the same backend on both sides is allowed (a determinism check)
      await lonely.client.notebooks.save.mutate({ id: nb2.id, baseVersion: nb2.version, title: nb2.title, doc: { ...nb2.doc, settings: { backendA: only.id, backendB: only.id } } });
      const { runId } = await lonely.client.cells.run.mutate({ notebookId: nb2.id, cellId: cell.id, cell });
      const same = finishedRun(await watchRun(lonely.client, runId));
      expect(same.result.status).toBe("ok");
      expect(same.result.verdict?.status).not.toBe("fail");
    } finally {
      await lonely.close();
    }
  });

  it("a run the studio lost (it stopped mid-run, so nothing was stored) says so instead of failing the watcher", async () => {
    const messages = await watchRun(studio.client, "lost-run-id");
    expect(messages.at(-1)).toEqual({ type: "failed", message: expect.stringMatching(/no stored result: the studio stopped while it ran/) });
  });
});
