import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDelayServer } from "../../../bench/delayServer";
import { startEngine, type RunningEngine } from "../../../server/engine";

/**
 * `studio bench run` from the command line, against the reference engines (each in this process; the
 * command runs as a child process, as CI would run it).
 */

const ROOT = path.resolve(__dirname, "../../..");
let dir: string;
let sglang: RunningEngine;
let jax: RunningEngine;
let slowed: RunningEngine;

type Cli = { code: number; stdout: string; stderr: string };

/** Writes a benchmark file (format and version added) and returns its path. */
function benchmarkFile(name: string, fields: Record<string, unknown>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ format: "sglang-studio.benchmark", version: 1, ...fields }));
  return file;
}

function studio(args: string[]): Promise<Cli> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "server/cli/studio.ts", ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 99) : 0;
      // npm itself may warn on stderr (user config); the command's own stderr is what is judged.
      resolve({ code, stdout, stderr: stderr.split("\n").filter((l) => l !== "" && !l.startsWith("npm warn")).join("\n") });
    });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-bench-cli-"));
  [sglang, jax, slowed] = await Promise.all([
    startEngine({ dialect: "sglang", dtype: "float32" }),
    startEngine({ dialect: "sglang-jax", dtype: "bfloat16" }),
    startEngine({ dialect: "sglang", dtype: "float32", stepDelayMs: 15 }),
  ]);
  fs.writeFileSync(
    path.join(dir, "gen.cell.json"),
    JSON.stringify({ format: "sglang-studio.cell", version: 1, cell: { id: "g", kind: "generate", prompt: "The fox and the grapes", sampling: { maxNewTokens: 8 }, topK: 3 } }),
  );
});

afterAll(async () => {
  await Promise.all([sglang?.close(), jax?.close(), slowed?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("bench run (command line)", () => {
  it("runs a cell against both reference engines end to end; latency grows with concurrency; writes run JSON and CSV", async () => {
    const out = path.join(dir, "out");
    const r = await studio([
      "bench", "run", "--cell", path.join(dir, "gen.cell.json"),
      "--a", sglang.url, "--a-dialect", "sglang", "--b", jax.url, "--b-dialect", "sglang-jax",
      "--concurrency", "1,8", "--requests", "16", "--warmup", "2", "--json", "--out", out,
    ]);
    expect(r.stderr).toBe("");
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout);
    expect(typeof report.pass).toBe("boolean");
    expect(r.code).toBe(report.pass ? 0 : 1);
    for (const g of report.gates) expect(Object.keys(g)).toEqual(expect.arrayContaining(["name", "pass", "value", "threshold"]));
    expect(report.gates.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(["throughput", "p95", "error-rate", "parity"]));
    expect(report.levels.map((l: { level: number }) => l.level)).toEqual([1, 8]);
    for (const level of report.levels) {
      for (const b of level.backends) {
        expect(b.counts).toMatchObject({ ok: 16, errors: 0 });
        for (const m of ["ttftMs", "itlMs", "tpotMs", "e2eMs"]) {
          expect(Object.keys(b.metrics[m])).toEqual(expect.arrayContaining(["p50", "p90", "p95", "p99", "mean", "ci95"]));
          expect(Object.keys(b.metrics[m].ci95)).toEqual(["p50", "p95", "p99"]);
        }
        expect(Object.keys(b.throughput)).toEqual(expect.arrayContaining(["requestsPerSec", "itemsPerSec", "outputTokensPerSec"]));
        expect(b.throughput.outputTokensPerSec).toBeGreaterThan(0);
      }
    }
    for (const name of ["a", "b"]) {
      const at = (lvl: number) => report.levels.find((l: { level: number }) => l.level === lvl).backends.find((b: { name: string }) => b.name === name);
      expect(at(8).metrics.e2eMs.p50).toBeGreaterThan(at(1).metrics.e2eMs.p50);
      expect(at(8).metrics.ttftMs.p50).toBeGreaterThan(at(1).metrics.ttftMs.p50);
    }
    expect(report.fingerprint.backends.map((b: { identity: { modelPath: string } }) => b.identity.modelPath.startsWith("studio/reference"))).toEqual([true, true]);
    const csv = fs.readFileSync(path.join(out, "requests.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 2 * (2 + 16 + 16)); // header + per backend: warmup and two levels
    expect(csv[0]).toMatch(/^backend,level,trial,warmup,request,/);
    const runFile = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
    expect(runFile.format).toBe("sglang-studio.benchmark-run");
    expect(runFile.series).toHaveLength(2 * 3);
  });

  it("fails the p95 gate with exit 1 when a backend is deliberately slowed", async () => {
    const file = benchmarkFile("slow.benchmark.json", {
      name: "slowed backend",
      requests: [{ kind: "generate", ids: [5, 6, 7, 8, 9], sampling: { maxNewTokens: 6, temperature: 0 } }],
      backends: [
        { name: "fast", dialect: "sglang", baseUrl: sglang.url },
        { name: "slowed", dialect: "sglang", baseUrl: slowed.url },
      ],
      load: { kind: "closed", concurrency: [2] },
      requestsPerLevel: 10,
      warmup: 1,
    });
    const out = path.join(dir, "slow-out");
    const r = await studio(["bench", "run", file, "--json", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(report.pass).toBe(false);
    const p95 = report.gates.find((g: { name: string }) => g.name === "p95");
    expect(p95).toMatchObject({ pass: false, threshold: 15, level: 2, backend: "slowed", against: "fast" });
    expect(p95.value).toBeGreaterThan(15);
    expect(report.gates.find((g: { name: string }) => g.name === "parity").pass).toBe(true);

    // The run file is a baseline for the same benchmark…
    const again = await studio(["bench", "run", file, "--json", "--baseline", path.join(out, "run.json")]);
    expect([0, 1]).toContain(again.code);
    expect(JSON.parse(again.stdout).baseline.requestHash).toBe(report.requestHash);
    // …and is refused for another request: comparisons need the same input.
    const spec = JSON.parse(fs.readFileSync(file, "utf8"));
    spec.requests[0].ids = [5, 6, 7];
    const other = benchmarkFile("other.benchmark.json", spec);
    const refused = await studio(["bench", "run", other, "--baseline", path.join(out, "run.json")]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/^studio bench: --baseline .*run\.json: requestHash differs: the baseline "slowed backend" measured a different request .*comparisons need the same input/);
  });

  it("refuses an invalid benchmark file with exit 2, naming the field", async () => {
    const file = benchmarkFile("bad.benchmark.json", {
      name: "bad",
      requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [3] }],
      backends: [{ name: "a", dialect: "sglang", baseUrl: sglang.url }],
      load: { kind: "closed", concurrency: [1, 0] },
      requestsPerLevel: 5,
    });
    const r = await studio(["bench", "run", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`studio bench: ${file}: load.concurrency.1: a concurrency level must be ≥ 1`);
    // a flag the file's run would ignore is refused, not silently dropped
    const good = benchmarkFile("good.benchmark.json", { name: "good", requests: [{ kind: "score", query: [1], items: [[2]], labelIds: [3] }], backends: [{ name: "a", dialect: "sglang", baseUrl: sglang.url }], load: { kind: "closed", concurrency: [1] }, requestsPerLevel: 2 });
    const flagged = await studio(["bench", "run", good, "--concurrency", "64"]);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toBe(`studio bench: --concurrency applies to --cell runs; ${good} sets its own backends, load and gates (edit the file, or run its cell with --cell)`);
  });
});

describe("bench run (command line): interruptions and where results go", () => {
  const snapshot = { kind: "generate", ids: [1, 2, 3, 4], sampling: { maxNewTokens: 4, temperature: 0 } };

  it("Ctrl-C cancels and still writes and prints what was measured, even when the signal comes twice", async () => {
    const delay = await startDelayServer({ ttftMs: 2, itlMs: 2, tokens: 4 });
    const out = path.join(dir, "interrupted");
    try {
      const cellFile = path.join(dir, "snap.json");
      fs.writeFileSync(cellFile, JSON.stringify(snapshot));
      // One node process (tsx as a loader), signalled as a terminal's Ctrl-C reaches it under `npm run`: the
      // group's SIGINT, and the same signal relayed by tsx. A second signal once killed the run unwritten.
      const child = spawn(process.execPath, ["--import", "tsx", "server/cli/studio.ts", "bench", "run", "--cell", cellFile, "--a", delay.url, "--a-dialect", "sglang", "--concurrency", "2", "--seconds", "60", "--warmup", "0", "--out", out, "--json"], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += String(c)));
      child.stderr.on("data", (c) => (stderr += String(c)));
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      await expect.poll(() => delay.served(), { timeout: 30_000 }).toBeGreaterThan(300);
      child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 10)); // signals sent at once would merge into one; this lands while the run winds up
      child.kill("SIGINT");
      expect(await exited).toBe(2);
      expect(stderr).toMatch(/cancelling; the requests measured so far are kept/);
      expect(JSON.parse(stdout)).toMatchObject({ pass: false });
      const run = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
      expect(run.status).toBe("cancelled");
      expect(run.levels[0].backends[0].counts.ok).toBeGreaterThan(10);
      expect(fs.readFileSync(path.join(out, "requests.csv"), "utf8").trim().split("\n").length).toBeGreaterThan(10);
    } finally {
      await delay.close();
    }
  }, 60_000); // a cold tsx start on a busy machine must fail an assertion, not the test timeout

  it("an --out that cannot be written is refused before any request is sent", async () => {
    const delay = await startDelayServer({ ttftMs: 1, itlMs: 1, tokens: 2 });
    try {
      const blocker = path.join(dir, "a-file");
      fs.writeFileSync(blocker, "");
      const cellFile = path.join(dir, "snap2.json");
      fs.writeFileSync(cellFile, JSON.stringify(snapshot));
      const r = await studio(["bench", "run", "--cell", cellFile, "--a", delay.url, "--a-dialect", "sglang", "--concurrency", "1", "--requests", "5", "--out", path.join(blocker, "out")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`studio bench: --out ${path.join(blocker, "out")}: cannot write there (ENOTDIR)`);
      expect(delay.served()).toBe(0);
    } finally {
      await delay.close();
    }
  });
});
