/**
 * Benchmarks of Studio's own hot paths. Run: `npx tsx bench/diff.ts`.
 * Each section prints its timings and whether it meets its target; add a section by appending to
 * SECTIONS (e.g. "Studio overhead per cell run").
 */
import { performance } from "node:perf_hooks";
import { diffScores } from "../lib/diff/scores";
import { diffTokenSequences } from "../lib/diff/tokens";
import { evaluateParity } from "../lib/parity/evaluate";
import { ParityRuleName, type ParityInput } from "../lib/schemas/parity";
import type { TokenSequence } from "../lib/schemas/tokens";
import { percentile } from "../lib/stats/descriptive";
import { Rng } from "../lib/stats/rng";

/** `judge`: which statistic the target bounds (p95 unless the issue states the median). */
type Timing = { label: string; medianMs: number; p95Ms: number; targetMs: number | null; judge?: "p50" | "p95" };
type Section = { title: string; run: () => Timing[] | Promise<Timing[]> };

/** Runs fn `warmup` times untimed, then `runs` times, and reports median and p95 in ms. */
function time(label: string, fn: () => unknown, opts: { runs: number; warmup: number; targetMs?: number }): Timing {
  for (let i = 0; i < opts.warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { label, medianMs: percentile(samples, 50)!, p95Ms: percentile(samples, 95)!, targetMs: opts.targetMs ?? null };
}

function report(title: string, rows: Timing[]): boolean {
  console.log(`\n## ${title}`);
  let ok = true;
  for (const r of rows) {
    const judged = r.judge === "p50" ? r.medianMs : r.p95Ms;
    const met = r.targetMs === null || judged < r.targetMs;
    const verdict = r.targetMs === null ? "" : `  target ${r.judge ?? "p95"} < ${r.targetMs} ms: ${met ? "met" : "MISSED"}`;
    if (!met) ok = false;
    console.log(`${r.label.padEnd(44)} median ${r.medianMs.toFixed(2).padStart(8)} ms   p95 ${r.p95Ms.toFixed(2).padStart(8)} ms${verdict}`);
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------------
// Section: token diff and parity rules

const POSITIONS = 8192;
const TOP_K = 5;
const VOCAB = 150_000;

/** Two teacher-forced sequences with top-5 lists; B is A with bf16-like noise and some reordering. */
function syntheticPair(seed: number): [TokenSequence, TokenSequence] {
  const rng = new Rng(seed);
  const a: TokenSequence = [];
  const b: TokenSequence = [];
  for (let i = 0; i < POSITIONS; i++) {
    const ids = Array.from({ length: TOP_K }, () => rng.int(VOCAB));
    let lp = -rng.next() * 0.5;
    const lpsA = ids.map(() => (lp -= rng.next() * 2));
    const lpsB = lpsA.map((x) => x + (rng.next() - 0.5) * 0.02);
    const id = ids[rng.int(rng.next() < 0.8 ? 1 : TOP_K)]!;
    const at = ids.indexOf(id);
    const alts = (lps: number[]) => ids.map((tid, k) => ({ id: tid, text: `tok${tid}`, logprob: lps[k]! }));
    a.push({ id, text: `tok${id}`, logprob: i === 0 ? null : lpsA[at]!, top: i === 0 ? null : alts(lpsA) });
    b.push({ id, text: `tok${id}`, logprob: i === 0 ? null : lpsB[at]!, top: i === 0 ? null : alts(lpsB) });
  }
  return [a, b];
}

const tokenDiffSection: Section = {
  title: `Token diff: ${POSITIONS} positions, top-${TOP_K}`,
  run: () => {
    const [a, b] = syntheticPair(20261125);
    const diff = diffTokenSequences(a, b, { threshold: 0.05 });
    const scoreRng = new Rng(7);
    const scoresA = Array.from({ length: 500 }, () => [scoreRng.next(), scoreRng.next()]);
    const scoresB = scoresA.map((row) => row.map((x) => x + (scoreRng.next() - 0.5) * 0.01));
    const input: ParityInput = { prompts: [diff], output: diff, scores: diffScores(scoresA, scoresB) };
    const runs = { runs: 60, warmup: 5 };
    return [
      time("diffTokenSequences", () => diffTokenSequences(a, b, { threshold: 0.05 }), { ...runs, targetMs: 50 }),
      time("diffScores (500 items × 2 labels)", () => diffScores(scoresA, scoresB), runs),
      ...ParityRuleName.options.map((name) => time(`evaluateParity ${name}`, () => evaluateParity({ name }, input), runs)),
    ];
  },
};

// ---------------------------------------------------------------------------------------------------
// Section: what a large cell costs Studio without any HTTP (server/adapters + server/cells): parsing and
// normalising responses, then diffing and judging. No target of its own; it shows where the time goes.

const OVERHEAD_ITEMS = 64;
const OVERHEAD_PROMPT = 128;

/** A /generate body as the servers send it for a teacher-forced prompt with top-5 and 2 label ids. */
function generateBodyText(positions: number, seed: number): string {
  const rng = new Rng(seed);
  const tuple = () => [-rng.next() * 5, rng.int(VOCAB), `t${rng.int(1000)}`];
  const meta = {
    prompt_tokens: positions,
    completion_tokens: 0,
    input_token_logprobs: Array.from({ length: positions }, (_, i) => (i === 0 ? [null, 1, "<s>"] : tuple())),
    input_top_logprobs: Array.from({ length: positions }, (_, i) => (i === 0 ? null : Array.from({ length: TOP_K }, tuple))),
    input_token_ids_logprobs: Array.from({ length: positions }, (_, i) => (i === 0 ? null : [tuple(), tuple()])),
  };
  return JSON.stringify({ text: "", output_ids: [], meta_info: meta });
}

const studioOverheadSection: Section = {
  title: `Processing cost of a large cell (no HTTP): ${OVERHEAD_ITEMS} items × ${OVERHEAD_PROMPT} prompt tokens, top-${TOP_K}`,
  run: async () => {
    const { parseJsonLenient } = await import("../server/adapters/json");
    const { parseWire, GenerateObject } = await import("../server/adapters/wire");
    const { promptPositions } = await import("../server/adapters/normalize");
    const { compareSides } = await import("../server/cells/compare");
    const body = generateBodyText(2048, 11);
    const normalise = (text: string): TokenSequence => {
      const parsed = parseJsonLenient(text);
      const wire = parseWire(GenerateObject, parsed.ok ? parsed.value : null, "bench");
      if (!wire.ok) throw new Error(wire.error.message);
      return promptPositions(wire.value.meta_info);
    };
    const items = (seed: number) =>
      Array.from({ length: OVERHEAD_ITEMS }, (_, i) => ({
        ok: true,
        error: null,
        tokens: normalise(generateBodyText(OVERHEAD_PROMPT, seed + i)),
        next: null,
        latencyMs: 1,
        idsMatch: true,
      }));
    const side = (name: "a" | "b", seed: number) => ({
      side: name,
      backend: { name, dialect: "sglang" as const, baseUrl: "http://127.0.0.1:1", model: null },
      identity: null,
      ok: true,
      error: null,
      latencyMs: 1,
      exchanges: [],
      scores: Array.from({ length: OVERHEAD_ITEMS }, (_, i) => [((seed + i) % 10) / 10, 1 - ((seed + i) % 10) / 10]),
      scorePromptTokens: null,
      items: items(seed),
      output: null,
    });
    const [a, b] = [side("a", 1), side("b", 1)];
    const runs = { runs: 30, warmup: 3 };
    return [
      time("parse + normalise /generate, 2048 positions", () => normalise(body), { ...runs }),
      time(`compare (diffs + verdict), ${OVERHEAD_ITEMS} items`, () => compareSides("score", a, b, { name: "sglang-ci" }), runs),
    ];
  },
};

// Section: Studio's own overhead per cell run, over the backends' latency. A real score cell (2 items,
// top-5, two labels) runs through runCell — tokenize (+ the cross-check on the other side), /v1/score and
// per-item prompt logprobs on both sides, diff, verdict — against two SGLang-shaped servers (one per
// dialect, in their own process: bench/fakeBackends.ts) that answer at once with canned numbers. With
// the backends' own latency ≈ 0, the wall time of the run is Studio's overhead plus loopback HTTP.

async function fakeBackends(): Promise<{ a: string; b: string; stop: () => void }> {
  const { spawn } = await import("node:child_process");
  const path = await import("node:path");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fakeBackends.ts")], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.on("exit", (code) => reject(new Error(`bench/fakeBackends.ts exited (${code})`)));
  });
  const urls = JSON.parse(line) as { a: string; b: string };
  return { ...urls, stop: () => child.stdin.end() };
}

/**
 * The same HTTP calls a cell run makes, replayed with bare `fetch` in the run's own order — the tokenize
 * stage at once, then per side its calls at once, except that the served-model lookup precedes /v1/score —
 * so that (run − replay) is what Studio adds over the backends' latency: building, parsing, normalising,
 * diffing and judging.
 */
async function replay(result: import("../lib/schemas/cellRun").CellRunResult): Promise<void> {
  const call = (ex: import("../lib/schemas/exchange").Exchange) =>
    fetch(ex.request.url, { method: ex.request.method, headers: { "content-type": "application/json" }, body: ex.request.body ?? undefined }).then((r) => r.text());
  const isTokenize = (ex: import("../lib/schemas/exchange").Exchange) => ex.label.startsWith("tokenize");
  const all = [...result.a.exchanges, ...result.b.exchanges];
  await Promise.all(all.filter(isTokenize).map(call));
  await Promise.all(
    [result.a, result.b].map(async (side) => {
      const rest = side.exchanges.filter((ex) => !isTokenize(ex));
      const model = rest.filter((ex) => ex.label.startsWith("served model"));
      const others = rest.filter((ex) => !ex.label.startsWith("served model"));
      const score = others.filter((ex) => ex.label === "score");
      await Promise.all([...others.filter((ex) => ex.label !== "score").map(call), (async () => {
        for (const ex of model) await call(ex);
        await Promise.all(score.map(call));
      })()]);
    }),
  );
}

const cellRunOverheadSection: Section = {
  title: "Studio overhead per cell run over the backends' latency (score cell, 2 items, top-5; backends in another process)",
  run: async () => {
    const { IdentityCache, runCell } = await import("../server/cells");
    const identities = new IdentityCache(); // as the server runs cells: identity read once per backend, then cached
    const fakes = await fakeBackends();
    const backend = (url: string, dialect: "sglang" | "sglang-jax") => ({ id: dialect, name: dialect, dialect, baseUrl: url, apiKey: null, model: null, source: "user" as const });
    const cell = { id: "s1", kind: "score" as const, query: "Is this review positive? Review:", items: [" Great product.", " Broke after a day."], labels: [" yes", " no"] };
    const run = async () => {
      const r = await runCell(cell, { a: backend(fakes.a, "sglang"), b: backend(fakes.b, "sglang-jax") }, { identities });
      if (r.status !== "ok") throw new Error(`cell run failed: ${r.error?.message ?? r.a.error?.message ?? r.b.error?.message}`);
      return r;
    };
    try {
      const sample = await run();
      // Alternate run and replay so both see the same machine; overhead per pair = run − replay.
      const runs: number[] = [];
      const replays: number[] = [];
      const overhead: number[] = [];
      for (let i = 0; i < 220; i++) {
        const t0 = performance.now();
        await run();
        const t1 = performance.now();
        await replay(sample);
        const t2 = performance.now();
        if (i < 20) continue; // warm-up
        runs.push(t1 - t0);
        replays.push(t2 - t1);
        overhead.push(t1 - t0 - (t2 - t1));
      }
      const row = (label: string, xs: number[]): Timing => ({ label, medianMs: percentile(xs, 50)!, p95Ms: percentile(xs, 95)!, targetMs: null });
      return [
        row("cell run (runCell), wall time", runs),
        row("the same HTTP calls, bare fetch", replays),
        { ...row("Studio's overhead = run − bare calls", overhead), targetMs: 5, judge: "p50" },
      ];
    } finally {
      fakes.stop();
    }
  },
};

// ---------------------------------------------------------------------------------------------------

const SECTIONS: Section[] = [tokenDiffSection, studioOverheadSection, cellRunOverheadSection];

async function main(): Promise<void> {
  console.log(`# Studio benchmarks (node ${process.version})`);
  let ok = true;
  for (const s of SECTIONS) ok = report(s.title, await s.run()) && ok;
  console.log(ok ? "\nAll targets met." : "\nSome targets missed.");
  process.exitCode = ok ? 0 : 1;
}

void main();
