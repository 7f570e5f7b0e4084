import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BenchProgress } from "../../../lib/schemas/benchmarkRun";
import { startDelayServer, type DelayServer } from "../../../bench/delayServer";
import { withServices } from "../../helpers/services";
import { GENERATE } from "./helpers";

/** The job queue through the tRPC router, on a real SQLite file. */

const ROOT = path.resolve(__dirname, "../../..");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(delays: Parameters<typeof startDelayServer>[0] = { ttftMs: 4, itlMs: 2, tokens: 4 }) {
  const server: DelayServer = await startDelayServer(delays);
  cleanups.push(() => server.close());
  const studio = await withServices();
  cleanups.push(async () => {
    await studio.services.bench.close();
    await studio.close();
  });
  const backend = await studio.caller.backends.create({ name: "delay", dialect: "sglang", baseUrl: server.url });
  return { ...studio, server, backend };
}

/** A 60-second closed-loop run, started (telemetry off unless asked for). */
async function startLongRun(telemetryIntervalMs = 0) {
  const studio = await setup();
  const created = await studio.caller.benchmarks.create({
    name: "long",
    source: { requests: [GENERATE] },
    backendIds: [studio.backend.id],
    settings: { load: { kind: "closed", concurrency: [2] }, secondsPerLevel: 60, warmup: 0, telemetryIntervalMs },
  });
  const { runId } = await studio.caller.benchmarks.startRun({ benchmarkId: created.id });
  return { ...studio, runId };
}

/** A 60-second closed-loop run, started, with at least 5 requests measured. */
async function longRunUnderWay() {
  const studio = await startLongRun();
  const { runId } = studio;
  for await (const e of await studio.caller.benchmarks.progress({ runId })) {
    if (e.type === "level" && e.done >= 5) break;
  }
  return { ...studio, runId };
}

describe("benchmark queue and router", () => {
  it("creates a benchmark from a request snapshot, runs it, streams progress and stores every request", async () => {
    const { caller, backend } = await setup();
    const created = await caller.benchmarks.create({
      name: "promoted",
      source: { requests: [GENERATE] },
      backendIds: [backend.id],
      settings: { load: { kind: "closed", concurrency: [1, 2] }, requestsPerLevel: 6, warmup: 1, telemetryIntervalMs: 50 },
    });
    expect(created.requestHash).toMatch(/^sha256:/);
    const { runId } = await caller.benchmarks.startRun({ benchmarkId: created.id });
    const events: BenchProgress[] = [];
    for await (const e of await caller.benchmarks.progress({ runId })) events.push(e);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: "status", status: "done" });
    const finishedLevels = events.filter((e) => e.type === "level" && e.finished && e.phase === "measure");
    expect(finishedLevels.map((e) => (e.type === "level" ? [e.backend, e.level, e.done, e.total] : null))).toEqual([
      ["delay", 1, 6, 6],
      ["delay", 2, 6, 6],
    ]);
    const run = await caller.benchmarks.getRun({ runId });
    expect(run.status).toBe("done");
    expect(run.levels.map((l) => l.backends[0]?.counts.ok)).toEqual([6, 6]);
    expect(run.series.filter((s) => !s.warmup).map((s) => s.data.ok.length)).toEqual([6, 6]);
    expect(run.telemetry[0]?.samples.length).toBeGreaterThan(0);
    expect(run.fingerprint?.backends[0]?.name).toBe("delay");
    expect(run.spec.backends[0]?.backendId).toBe(backend.id);
    const got = await caller.benchmarkViews.detail({ id: created.id });
    expect(got.runs.map((r) => r.status)).toEqual(["done"]);
  });

  it("a backend removed and re-added under its name at another address: the run keeps the spec's address, and no key goes there", async () => {
    const { caller, backend, server } = await setup();
    const created = await caller.benchmarks.create({
      name: "moved",
      source: { requests: [GENERATE] },
      backendIds: [backend.id],
      settings: { load: { kind: "closed", concurrency: [1] }, requestsPerLevel: 3, warmup: 0, telemetryIntervalMs: 0 },
    });
    await caller.backends.remove({ id: backend.id });
    await caller.backends.create({ name: "delay", dialect: "sglang", baseUrl: "http://127.0.0.1:9", apiKey: "sk-not-for-this-server" });
    const { runId } = await caller.benchmarks.startRun({ benchmarkId: created.id });
    for await (const e of await caller.benchmarks.progress({ runId })) if (e.type === "status" && e.status !== "running" && e.status !== "queued") break;
    const run = await caller.benchmarks.getRun({ runId });
    expect(run.status).toBe("done");
    expect(run.spec.backends[0]?.baseUrl).toBe(server.url);
    expect(run.levels[0]?.backends[0]?.counts.ok).toBe(3);
  });

  it("freezes a cell's exact request from the ids its run sent, with the cell's parity rule", async () => {
    const { caller, backend } = await setup();
    const cell = { id: "c1", kind: "score" as const, query: "Q", items: ["x", "y"], labels: [" yes", 7], applySoftmax: false, itemFirst: true, rule: { name: "atol-rtol" as const, atol: 0.1, rtol: 0 } };
    const input = { kind: "score" as const, query: [1, 2], items: [[3], [4, 5]], prompts: [[3, 1, 2], [4, 5, 1, 2]], labelIds: [9, 7], labels: [{ label: " yes", id: 9 }, { label: 7, id: 7 }] };
    const created = await caller.benchmarks.create({
      name: "from a cell",
      notebookId: "nb",
      cellId: "c1",
      source: { cell, input },
      backendIds: [backend.id],
      settings: { load: { kind: "items", items: [1, 4] }, requestsPerLevel: 3 },
    });
    const got = await caller.benchmarkViews.detail({ id: created.id });
    expect(got.spec.requests).toEqual([{ kind: "score", query: [1, 2], items: [[3], [4, 5]], labelIds: [9, 7], applySoftmax: false, itemFirst: true }]);
    expect(got.spec.gates.parity).toEqual({ name: "atol-rtol", atol: 0.1, rtol: 0 });
    expect(got.spec.backends).toEqual([{ name: "delay", dialect: "sglang", baseUrl: expect.stringMatching(/^http:/), model: null, backendId: backend.id }]);
    expect(got).toMatchObject({ notebookId: "nb", cellId: "c1", runs: [] });
  });

  it("refuses a benchmark over the limits, naming the field", async () => {
    const { caller, backend } = await setup();
    await expect(
      caller.benchmarks.create({
        name: "too big",
        source: { requests: [GENERATE] },
        backendIds: [backend.id],
        settings: { load: { kind: "closed", concurrency: [1, 2, 4] }, requestsPerLevel: 100_000, trials: 20 },
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/would send 6000020 requests.*the limit is 2000000/),
      cause: { issues: [{ path: ["requestsPerLevel"] }] }, // the error formatter turns this into fieldErrors.requestsPerLevel
    });
  });

  it("cancel keeps what was measured", async () => {
    const { caller, runId } = await longRunUnderWay();
    expect(await caller.benchmarks.cancel({ runId })).toEqual({ runId, status: "cancelled" });
    const run = await caller.benchmarks.getRun({ runId });
    expect(run.status).toBe("cancelled");
    expect(run.levels[0]?.backends[0]?.counts.ok).toBeGreaterThanOrEqual(5);
    expect(run.series).toHaveLength(1);
  });

  it("stores telemetry while a level is still running (a crash loses at most a few seconds of it)", async () => {
    const studio = await startLongRun(100);
    const { runId } = studio;
    const started = performance.now();
    let stored: { data: string } | null = null;
    while (!stored && performance.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      stored = await studio.services.db.runTelemetry.findFirst({ where: { runId }, select: { data: true } });
    }
    expect(await studio.services.db.runSeries.count({ where: { runId } })).toBe(0); // the level has not ended
    expect((JSON.parse(stored?.data ?? "{}") as { samples?: unknown[] }).samples?.length).toBeGreaterThan(10);
    await studio.caller.benchmarks.cancel({ runId });
  });

  it("stopping the studio marks the running run interrupted (not cancelled) and keeps what was measured", async () => {
    const { services, caller, runId } = await longRunUnderWay();
    await services.bench.close();
    const run = await caller.benchmarks.getRun({ runId });
    expect(run.status).toBe("interrupted");
    expect(run.reason).toMatch(/studio stopped/);
    expect(run.levels[0]?.backends[0]?.counts.ok).toBeGreaterThanOrEqual(5);
  });

  it("a restart marks the run that was running interrupted and keeps its data and parity; a queued run then runs", async () => {
    const { services, caller, backend, dataDir, server } = await setup({ ttftMs: 5, itlMs: 1, tokens: 2 });
    // a second backend on the same server, so the run judges parity between two
    const twin = await caller.backends.create({ name: "delay-twin", dialect: "sglang", baseUrl: server.url });
    const created = await caller.benchmarks.create({
      name: "crash",
      source: { requests: [GENERATE] },
      backendIds: [backend.id, twin.id],
      settings: { load: { kind: "closed", concurrency: [1, 2] }, secondsPerLevel: 1, warmup: 0, telemetryIntervalMs: 0 },
    });
    // A separate studio process runs the benchmark; it is killed (SIGKILL) once the first level is stored,
    // while the second (1 s long) is going.
    // node itself with tsx's loader: SIGKILL to the tsx launcher would leave the studio running as an orphan
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "crashingStudio.ts"), dataDir, created.id], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const ready = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.on("exit", (code) => reject(new Error(`crashing studio exited early (${code}): ${out}`)));
    });
    const { runId, queuedId } = JSON.parse(ready) as { runId: string; queuedId: string };
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    await new Promise((r) => setTimeout(r, 100)); // let the server see the dead client's sockets close
    const servedBeforeRestart = server.served();

    expect((await services.db.benchmarkRun.findUnique({ where: { id: runId } }))?.status).toBe("running");
    expect((await services.db.benchmarkRun.findUnique({ where: { id: queuedId } }))?.status).toBe("queued");
    const recovered = await services.bench.recover();
    expect(recovered).toContain(runId);
    const run = await caller.benchmarks.getRun({ runId });
    expect(run.status).toBe("interrupted");
    expect(run.reason).toMatch(/studio stopped while this run was running/);
    expect(run.levels.map((l) => l.level)).toEqual([1]); // the level stored before the crash
    expect(run.levels[0]?.backends[0]?.counts.ok).toBeGreaterThan(20);
    expect(run.levels[0]?.backends[0]?.counts.errors).toBe(0);
    expect(run.levels[0]?.backends.map((b) => b.name)).toEqual(["delay", "delay-twin"]);
    // the level's parity verdict was stored as the run went, so the interrupted run is still judged for parity
    expect(run.levels[0]?.parity).toMatchObject({ rule: "sglang-ci" });
    expect(run.gates.find((g) => g.name === "parity")?.reason).toMatch(/under sglang-ci/);
    expect(recovered).not.toContain(queuedId);

    // the queued run was never started, so nothing is lost: the restarted queue runs it in full
    const events: BenchProgress[] = [];
    for await (const e of await caller.benchmarks.progress({ runId: queuedId })) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: "status", status: "done" });
    const queued = await caller.benchmarks.getRun({ runId: queuedId });
    expect(queued.levels.map((l) => l.level)).toEqual([1, 2]);
    expect(queued.levels.every((l) => l.backends.length === 2 && l.backends.every((b) => b.counts.ok > 20 && b.counts.errors === 0))).toBe(true);
    // and the interrupted one was not re-run: every request since the restart belongs to the queued run
    const queuedRequests = queued.series.reduce((n, x) => n + x.data.ok.length, 0);
    expect(server.served() - servedBeforeRestart).toBe(queuedRequests);
  });
});
