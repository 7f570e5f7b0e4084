import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSglang, type FakeServer } from "../../fixtures/cells/fakeSglang";
import { withStudioServer } from "../../helpers/studioServer";
import { finishedRun, generateCell, scoreCell, watchRun } from "./helpers";

/**
 * Runs belong to the server, not to a tab: they go on with nobody watching, a watcher that joins late
 * gets every message from the start, and a slow side does not hold back the other side's events.
 * Uses the scripted fake servers, whose delays are exact.
 */
describe("cell jobs", () => {
  let studio: Awaited<ReturnType<typeof withStudioServer>>;
  let fakes: FakeServer[] = [];
  let notebookId: string;

  beforeAll(async () => {
    studio = await withStudioServer();
    fakes = await Promise.all([
      startFakeSglang({ dialect: "sglang" }),
      // B answers its score call late, and streams slowly
      startFakeSglang({ dialect: "sglang-jax", perturb: 0.01, fault: (path, body) => (path === "/v1/score" || body?.stream ? { kind: "delay", ms: 700 } : undefined) }),
    ]);
    const a = await studio.client.backends.create.mutate({ name: "fast", dialect: "sglang", baseUrl: fakes[0]!.url });
    const b = await studio.client.backends.create.mutate({ name: "slow", dialect: "sglang-jax", baseUrl: fakes[1]!.url, model: "fake/tiny-lm" });
    const nb = await studio.client.notebooks.create.mutate({
      title: "jobs",
      doc: { settings: { backendA: a.id, backendB: b.id }, cells: [scoreCell(), generateCell()] },
    });
    notebookId = nb.id;
  });

  afterAll(async () => {
    await studio?.close();
    await Promise.all(fakes.map((f) => f.close()));
  });

  it("a watcher that joins mid-run gets every message from the start, in order, while the run goes on", async () => {
    const { runId } = await studio.client.cells.run.mutate({ notebookId, cellId: "gen1", cell: generateCell() });
    expect((await studio.client.cells.latest.query({ notebookId })).running).toEqual([{ runId, cellId: "gen1", startedAt: expect.any(String) }]);
    await new Promise((r) => setTimeout(r, 300)); // A has streamed by now; B is still waiting
    const messages = await watchRun(studio.client, runId);
    expect(messages[0]?.type).toBe("started");
    const run = finishedRun(messages);
    const streamedA = messages.flatMap((m) => (m.type === "event" && m.event.type === "tokens" && m.event.side === "a" ? m.event.added.map((t) => t.id) : []));
    expect(streamedA).toEqual(run.result.a.output?.tokens.map((t) => t.id));
    expect((await studio.client.cells.latest.query({ notebookId })).running).toEqual([]);
  });

  it("a run started with no watcher at all is stored anyway", async () => {
    const { runId } = await studio.client.cells.run.mutate({ notebookId, cellId: "score1", cell: scoreCell() });
    await studio.studio.services.cellJobs.settled(runId);
    const stored = await studio.client.cells.getRun.query({ runId });
    expect(stored.result.status).toBe("ok");
    expect(stored.result.b.scores).not.toBeNull();
  });

  it("cancel stops a run and keeps what arrived", async () => {
    const { runId } = await studio.client.cells.run.mutate({ notebookId, cellId: "gen1", cell: generateCell() });
    await new Promise((r) => setTimeout(r, 150));
    expect(await studio.client.cells.cancel.mutate({ runId })).toEqual({ cancelled: true });
    const run = finishedRun(await watchRun(studio.client, runId));
    expect(run.result.b.ok).toBe(false);
    expect(run.result.b.error?.message).toBeTruthy();
    expect(await studio.client.cells.cancel.mutate({ runId })).toEqual({ cancelled: false });
  });
});
