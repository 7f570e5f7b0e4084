import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine, type RunningEngine } from "../../../server/engine";
import { refusedUrl } from "../../fixtures/cells/fakeSglang";

/**
 * `studio cell run` as a user runs it: a child process against two reference engines (sglang in
 * float32, sglang-jax in bfloat16). The engines run in this process, so the child is spawned
 * asynchronously (a sync spawn would block them).
 */
const root = path.resolve(__dirname, "../../..");
const fixtures = path.join(root, "test/fixtures/cells");

function studio(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "server/cli/studio.ts", ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr.split("\n").filter((l) => l && !l.startsWith("npm warn")).join("\n") });
    });
  });
}

let A: RunningEngine;
let B: RunningEngine;
let tmp: string;
beforeAll(async () => {
  A = await startEngine({ dialect: "sglang", port: 0, dtype: "float32" });
  B = await startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16" });
  tmp = await mkdtemp(path.join(tmpdir(), "studio-cell-cli-"));
});
afterAll(async () => {
  await Promise.all([A.close(), B.close()]);
  await rm(tmp, { recursive: true, force: true });
});

const sides = () => ["--a", A.url, "--a-dialect", "sglang", "--b", B.url, "--b-dialect", "sglang-jax"];

describe("studio cell run", () => {
  it("prints the JSON digest of a passing score cell and exits 0", async () => {
    const r = await studio(["cell", "run", path.join(fixtures, "score.cell.json"), ...sides(), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.backends.map((b: { name: string; dialect: string; ok: boolean }) => [b.name, b.dialect, b.ok])).toEqual([
      ["A", "sglang", true],
      ["B", "sglang-jax", true],
    ]);
    expect(out.backends[0].scores).toHaveLength(3);
    expect(out.backends[0].latencyMs).toBeGreaterThan(0);
    expect(out.backends[1].tokens).toHaveLength(3);
    expect(Object.keys(out.backends[1].tokens[0][1]).sort()).toEqual(["id", "logprob", "text"]);
    expect(out.backends[1].tokens[0][0].logprob).toBeNull();
    expect(out.diff.scores.maxAbsDiff).toBeGreaterThan(0);
    expect(out.diff.scores.meanAbsDiff).toBeGreaterThan(0);
    expect(out.diff.tokens.maxAbsDiff).toBeGreaterThan(0);
    expect(out.diff.tokens.meanAbsDiff).toBeGreaterThan(0);
    expect(out.diff.tokens.argmaxAgreement).toBe(1);
    expect(out.diff.tokens.firstDivergence).toBeNull();
    expect(out.diff.tokens.missing).toBe(3);
    expect(out.verdict).toMatchObject({ rule: "score-gate", pass: true });
    expect(typeof out.verdict.reason).toBe("string");
  });

  it("exits 1 when the verdict fails, and names the position where a generate cell diverges", async () => {
    const r = await studio(["cell", "run", path.join(fixtures, "generate.json"), ...sides(), "--rule", "bitwise", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toMatchObject({ rule: "bitwise", pass: false });
    expect(out.diff.scores).toBeNull();
    expect(out.backends[0].tokens).toHaveLength(12);
    expect(out.diff.tokens.firstDivergence).toMatchObject({ item: null, reason: "threshold" });
    expect(out.backends[1].text).toBe(out.backends[0].text); // same greedy text: only the numbers differ
  });

  it("prints a compact table without --json", async () => {
    const r = await studio(["cell", "run", path.join(fixtures, "score.cell.json"), ...sides()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^score cell review-sentiment · rule score-gate · PASS · ok\n/);
    expect(r.stdout).toContain('0     " yes"');
    expect(r.stdout).toMatch(/tokens: max \|Δ\| \d\.\d{4} · mean \|Δ\| \d\.\d{4} · argmax agreement 100\.0%/);
  });

  it("exits 2 with a one-line message when a backend is down (the other side is still printed)", async () => {
    const down = await refusedUrl();
    const r = await studio(["cell", "run", path.join(fixtures, "score.cell.json"), "--a", A.url, "--a-dialect", "sglang", "--b", down, "--b-dialect", "sglang-jax", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^studio cell: B: POST \/generate: could not connect to .*connection refused/);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("partial");
    expect(out.backends[0].ok).toBe(true);
    expect(out.backends[1]).toMatchObject({ ok: false, errorKind: "unreachable" });
  });

  it("exits 2 naming the bad field of a bad cell file, or a bad argument", async () => {
    const bad = await studio(["cell", "run", path.join(fixtures, "bad-empty-item.json"), ...sides()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`studio cell: ${path.join(fixtures, "bad-empty-item.json")}: cell.items.1: this item is empty; remove it or give it text`);
    const label = path.join(tmp, "label.json");
    await writeFile(label, JSON.stringify({ id: "x", kind: "score", query: "Q:", items: [" a"], labels: [" maybe so"] }));
    const multi = await studio(["cell", "run", label, ...sides()]);
    expect(multi.code).toBe(2);
    expect(multi.stderr).toMatch(/^studio cell: label " maybe so" is \d tokens \(\[\d+(, \d+)+\]\); use a single token or give the id$/);
    const dialect = await studio(["cell", "run", label, "--a", A.url, "--a-dialect", "vllm", "--b", B.url, "--b-dialect", "sglang-jax"]);
    expect(dialect.code).toBe(2);
    expect(dialect.stderr).toBe('studio cell: --a-dialect must be sglang or sglang-jax (got "vllm")');
    const notJson = path.join(tmp, "broken.json");
    await writeFile(notJson, "{ nope");
    const broken = await studio(["cell", "run", notJson, ...sides()]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^studio cell: .*broken\.json: not valid JSON/);
  });
});
