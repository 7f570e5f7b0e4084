import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine, type RunningEngine } from "../../../server/engine";
import { EXAMPLES_DIR } from "../../../server/notebooks/examples";
import { PROJECT_ROOT } from "../../../server/version";

/** `npm run studio -- notebook …` as a user runs it, on its own data folder (async: the engines live in this process). */
function studio(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/studio.ts", "notebook", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, STUDIO_DATA_DIR: dataDir, STUDIO_REFERENCE_ENGINES: "off", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const yesNo = path.join(EXAMPLES_DIR, "01-yes-no-parity.json");
const hunt = path.join(EXAMPLES_DIR, "03-greedy-divergence-hunt.json");

describe("studio notebook (command line)", () => {
  let dataDir: string;
  let engines: RunningEngine[];
  let flags: string[];
  let work: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-cli-"));
    work = fs.mkdtempSync(path.join(os.tmpdir(), "studio-cli-files-"));
    engines = await Promise.all([
      startEngine({ dialect: "sglang", port: 0, dtype: "float32" }),
      startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16" }),
    ]);
    flags = ["--a", engines[0]!.url, "--a-dialect", "sglang", "--b", engines[1]!.url, "--b-dialect", "sglang-jax"];
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("imports, runs (storing outputs), exports with outputs, and shares", async () => {
    const imported = await studio(dataDir, ["import", yesNo]);
    expect(imported.code, imported.stderr).toBe(0);
    const id = imported.stdout.trim();
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(imported.stderr).toContain('imported "Yes/no classifier parity": 2 cells, 0 outputs');

    const plain = await studio(dataDir, ["export", id]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(fs.readFileSync(yesNo, "utf8")); // the examples are in the export format

    const run = await studio(dataDir, ["run", id, ...flags]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[1\/1\] PASS\s+score\s+classify\s+score-gate: /);
    expect(run.stdout).toContain(`1 pass, 0 fail, 0 n/a, 0 error; outputs stored in notebook ${id}`);

    const withOutputs = await studio(dataDir, ["export", id, "--outputs"]);
    const file = JSON.parse(withOutputs.stdout) as { outputs: Record<string, { verdict: { status: string } }> };
    expect(file.outputs.classify?.verdict.status).toBe("pass");

    // the exported file imports back into a new notebook that already has the outputs
    const exported = path.join(work, "exported.json");
    fs.writeFileSync(exported, withOutputs.stdout);
    const again = await studio(dataDir, ["import", exported]);
    expect(again.stderr).toContain("2 cells, 1 outputs");
    expect((await studio(dataDir, ["export", again.stdout.trim(), "--outputs"])).stdout).toBe(withOutputs.stdout);

    const share = await studio(dataDir, ["share", id], { STUDIO_PUBLIC_URL: "https://studio.example.org/" });
    expect(share.code, share.stderr).toBe(0);
    expect(share.stdout).toMatch(/^https:\/\/studio\.example\.org\/s\/[A-Za-z0-9_-]{24}\n$/);
    const local = await studio(dataDir, ["share", id], { PORT: "4321" });
    expect(local.stdout).toMatch(/^http:\/\/localhost:4321\/s\/[A-Za-z0-9_-]{24}\n$/);
  }, 120_000);

  it("runs a file without storing anything and prints a JSON report", async () => {
    const run = await studio(dataDir, ["run", hunt, "--json", ...flags]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { notebook: { id: string | null }; stored: boolean; counts: Record<string, number>; cells: { cell: { id: string } }[]; exitCode: number };
    expect(report).toMatchObject({ notebook: { id: null }, stored: false, counts: { pass: 1, fail: 0, "n/a": 0, error: 0 }, exitCode: 0 });
    expect(report.cells.map((c) => c.cell.id)).toEqual(["hunt"]);
  }, 60_000);

  it("exits 1 when a parity verdict fails", async () => {
    // float32 against bfloat16 is never bitwise identical
    const file = JSON.parse(fs.readFileSync(hunt, "utf8")) as { cells: { kind: string; rule?: unknown }[] };
    for (const c of file.cells) if (c.kind === "generate") c.rule = { name: "bitwise" };
    const strict = path.join(work, "bitwise.json");
    fs.writeFileSync(strict, JSON.stringify(file));
    const run = await studio(dataDir, ["run", strict, ...flags]);
    expect(run.stdout).toMatch(/\[1\/1\] FAIL\s+generate\s+hunt\s+bitwise: /);
    expect(run.code, run.stderr).toBe(1);
  }, 60_000);

  it("exits 2 when a backend cannot be reached", async () => {
    const run = await studio(dataDir, ["run", yesNo, "--a", engines[0]!.url, "--a-dialect", "sglang", "--b", "http://127.0.0.1:9", "--b-dialect", "sglang-jax"]);
    expect(run.stdout).toMatch(/\[1\/1\] ERROR/);
    expect(run.stdout).toContain("0 pass, 0 fail, 0 n/a, 1 error");
    expect(run.code, run.stderr).toBe(2);
  }, 60_000);

  it.each([
    [["import", "/nonexistent/x.json"], /^studio notebook: \/nonexistent\/x\.json: cannot read \/nonexistent\/x\.json: ENOENT\n$/],
    [["export", "nope"], /^studio notebook: no notebook with id nope\n$/],
    [["run", "nope"], /^studio notebook: "nope" is not a notebook file, and no notebook with id nope in /],
    [["run", "missing/file.json"], /^studio notebook: missing\/file\.json: no such file\n$/],
    [["share", "nope"], /^studio notebook: no notebook with id nope\n$/],
    [["frobnicate"], /^studio notebook: unknown command "frobnicate"/],
    [["import"], /^studio notebook: missing the file/],
    [["export", "x", "--bogus"], /^studio notebook: Unknown option '--bogus'/],
  ])("refuses %j with one clear line and exit 2", async (args, message) => {
    const r = await studio(dataDir, args);
    expect(r.stderr).toMatch(message);
    expect(r.code, r.stderr).toBe(2);
  }, 30_000);

  it("refuses a future file or an unknown cell kind on import", async () => {
    const bad = path.join(work, "future.json");
    fs.writeFileSync(bad, JSON.stringify({ format: "sglang-studio.notebook", version: 2, title: "x", cells: [] }));
    const r = await studio(dataDir, ["import", bad]);
    expect(r.stderr).toBe(`studio notebook: ${bad}: version 2 is newer than this studio understands (1); update SGLang Studio\n`);
    expect(r.code, r.stderr).toBe(2);
    const sql = path.join(work, "sql.json");
    fs.writeFileSync(sql, JSON.stringify({ format: "sglang-studio.notebook", version: 1, title: "x", cells: [{ id: "a", kind: "sql" }] }));
    expect((await studio(dataDir, ["import", sql])).stderr).toContain('cells.0.kind: unknown cell kind "sql"; this studio knows markdown, score, generate');
  }, 30_000);
});
