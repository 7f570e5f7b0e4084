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
// Section: studio overhead per cell run (server/adapters + server/cells): what Studio adds on top of
// the servers' own time, i.e. parsing and normalising responses, then diffing and judging.

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
  title: `Studio overhead per cell run: ${OVERHEAD_ITEMS} items × ${OVERHEAD_PROMPT} prompt tokens, top-${TOP_K}`,
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
      time("parse + normalise /generate, 2048 positions", () => normalise(body), { ...runs, targetMs: 100 }),
      time(`compare (diffs + verdict), ${OVERHEAD_ITEMS} items`, () => compareSides("score", a, b, { name: "sglang-ci" }), { ...runs, targetMs: 100 }),
    ];
  },
};

// Section: Studio's own overhead per cell run, over the backends' latency. A real score cell (2 items,
// top-5, two labels) runs through runCell — tokenize, identity, /v1/score and per-item prompt logprobs on
// both sides, diff, verdict — against two SGLang-shaped servers (one per dialect) that answer at once
// with canned numbers. With the backends' latency ≈ 0, the wall time of the run is Studio's overhead
// (plus loopback HTTP, and the fake servers' own work, which share this process: an upper bound).

async function timeAsync(label: string, fn: () => Promise<unknown>, opts: { runs: number; warmup: number; targetMs?: number }): Promise<Timing> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { label, medianMs: percentile(samples, 50)!, p95Ms: percentile(samples, 95)!, targetMs: opts.targetMs ?? null };
}

const cellRunOverheadSection: Section = {
  title: "Studio overhead per cell run over the backends' latency (score cell, 2 items, top-5; instant loopback backends)",
  run: async () => {
    const { startFakeSglang } = await import("../test/fixtures/cells/fakeSglang");
    const { IdentityCache, runCell } = await import("../server/cells");
    const identities = new IdentityCache(); // as the server runs cells: identity read once per backend, then cached
    const [A, B] = await Promise.all([startFakeSglang({ dialect: "sglang" }), startFakeSglang({ dialect: "sglang-jax", perturb: 0.001 })]);
    const backend = (url: string, dialect: "sglang" | "sglang-jax") => ({ id: dialect, name: dialect, dialect, baseUrl: url, apiKey: null, model: null, source: "user" as const });
    const cell = { id: "s1", kind: "score" as const, query: "Is this review positive? Review:", items: [" Great product.", " Broke after a day."], labels: [" yes", " no"] };
    try {
      const t = await timeAsync("runCell wall time (≈ Studio overhead)", async () => {
        const r = await runCell(cell, { a: backend(A.url, "sglang"), b: backend(B.url, "sglang-jax") }, { identities });
        if (r.status !== "ok") throw new Error(`cell run failed: ${r.error?.message ?? r.a.error?.message ?? r.b.error?.message}`);
      }, { runs: 200, warmup: 20 });
      return [{ ...t, targetMs: 5, judge: "p50" }];
    } finally {
      await Promise.all([A.close(), B.close()]);
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
