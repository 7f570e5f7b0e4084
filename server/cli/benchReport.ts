import { runVerdict } from "../../lib/report/verdict";
import type { LevelProgress, RunResult } from "../../lib/schemas/benchmarkRun";
import type { Summary } from "../../lib/schemas/stats";

/**
 * What `bench run` prints: with --json one object (pass, gates, levels with per-backend counts, latency
 * summaries and throughput, notes, fingerprint, the files written); otherwise a table for people.
 */

export interface WrittenFiles {
  run: string;
  csv: string;
}

export function benchReport(run: RunResult, files: WrittenFiles | null) {
  return {
    format: "sglang-studio.benchmark-report",
    version: 1,
    id: run.id,
    name: run.name,
    status: run.status,
    reason: run.reason,
    pass: run.pass,
    /** The pages' word for it: PASS, FAIL, NO GATES (nothing to judge against: pass is true, exit 0), NOT COMPARED (a baseline with no counterpart: not a pass), or the run's status. */
    verdict: runVerdict(run).label,
    requestHash: run.requestHash,
    baseline: run.baseline,
    gates: run.gates,
    levels: run.levels,
    notes: run.notes,
    profiles: run.profiles,
    fingerprint: run.fingerprint,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    files,
  };
}

const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? "—" : v.toFixed(digits));

function pcts(s: Summary): string {
  return `${fmt(s.p50)}/${fmt(s.p95)}/${fmt(s.p99)}`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
}

export function benchTable(run: RunResult, files: WrittenFiles | null): string {
  const lines: string[] = [];
  // the pages' verdict, word for word: a run with nothing to judge is "NO GATES" (exit 0 all the same)
  const verdict = runVerdict(run).label;
  lines.push(`benchmark "${run.name}" — ${verdict}${run.reason ? ` (${run.reason})` : ""}`);
  const head = ["level", "backend", "ok/err", "req/s", "items/s", "tok/s", "e2e p50/p95/p99 ms", "ttft p50/p95/p99", "itl p50/p95/p99", "tpot p50", "saturation"];
  const rows: string[][] = [head];
  // items/s means nothing for generate, tok/s nothing for score: "—", not a 0 that reads as measured
  const score = run.spec.requests[0]?.kind === "score";
  for (const l of run.levels) {
    for (const b of l.backends) {
      rows.push([
        l.label,
        b.name,
        `${b.counts.ok}/${b.counts.errors}`,
        fmt(b.throughput.requestsPerSec),
        fmt(score ? b.throughput.itemsPerSec : null),
        fmt(score ? null : b.throughput.outputTokensPerSec),
        pcts(b.metrics.e2eMs),
        pcts(b.metrics.ttftMs),
        pcts(b.metrics.itlMs),
        fmt(b.metrics.tpotMs.p50, 2),
        b.saturation.status,
      ]);
    }
  }
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const r of rows) lines.push(pad(r, widths));
  if (run.gates.length > 0) {
    lines.push("gates:");
    for (const g of run.gates) lines.push(`  ${g.pass ? "pass" : "FAIL"}  ${g.name} at level ${g.level}, ${g.backend} vs ${g.against}: ${g.reason}`);
  }
  for (const n of run.notes) lines.push(`note: ${n}`);
  if (files) lines.push(`wrote ${files.run} and ${files.csv}`);
  return `${lines.join("\n")}\n`;
}

/** One line per finished level, for an interactive terminal. */
export function progressLine(p: LevelProgress): string {
  const errors = Object.entries(p.errors)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return `${p.backend} · level ${p.level}${p.phase === "warmup" ? " warmup" : ""} · ${p.done}${p.total !== null ? `/${p.total}` : ""} done · p50 ${fmt(p.p50Ms)} ms · p95 ${fmt(p.p95Ms)} ms${errors ? ` · errors: ${errors}` : ""}`;
}
