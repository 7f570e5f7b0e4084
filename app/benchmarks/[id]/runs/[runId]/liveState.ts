import { levelLabel, levelsOf, type BenchmarkSpec } from "../../../../../lib/schemas/benchmark";
import type { LevelProgress, LevelResult } from "../../../../../lib/schemas/benchmarkRun";

/**
 * Live progress folded into one row per (backend, level): the latest event of its current trial and
 * phase, or — after a reload — what the stored summary says was finished. Pure, so the page re-renders
 * from events alone (pushed over the WebSocket; nothing is polled).
 */
export interface LiveRow {
  backend: string;
  level: number;
  label: string;
  /** stopped: the run ended (cancel, errors, restart) before this level finished. */
  state: "waiting" | "running" | "done" | "stopped";
  trial: number;
  phase: "warmup" | "measure";
  done: number;
  total: number | null;
  ratePerS: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  latency: "e2e" | "ttft";
  errors: Record<string, number>;
  elapsedMs: number | null;
  /** Measured requests over all trials so far (warmup excluded). */
  measured: number;
}

export type ProgressMap = Record<string, LevelProgress>;

export const progressKey = (p: Pick<LevelProgress, "backend" | "level">) => `${p.backend}\u0000${p.level}`;

/** Keeps, per backend and level, the newest event (a later trial or the measure phase replaces the earlier). */
export function foldProgress(map: ProgressMap, p: LevelProgress): ProgressMap {
  const key = progressKey(p);
  const prev = map[key];
  const newer = !prev || p.trial > prev.trial || (p.trial === prev.trial && (p.phase === "measure" || prev.phase === "warmup") && (p.phase !== prev.phase || p.done >= prev.done || p.finished));
  return newer ? { ...map, [key]: p } : map;
}

export function liveRows(spec: BenchmarkSpec, progress: ProgressMap, stored: ReadonlyArray<LevelResult>, ended = false): LiveRow[] {
  const rows: LiveRow[] = [];
  for (const level of levelsOf(spec.load)) {
    for (const b of spec.backends) {
      const p = progress[progressKey({ backend: b.name, level })];
      const s = stored.find((l) => l.level === level)?.backends.find((x) => x.name === b.name);
      const base = { backend: b.name, level, label: levelLabel(spec.load, level), latency: spec.gates.latency };
      if (p) {
        const lastTrial = p.trial === spec.trials - 1;
        const before = spec.requestsPerLevel !== undefined ? p.trial * spec.requestsPerLevel : 0;
        const short = p.finished && p.total !== null && p.done < p.total;
        const state = short ? "stopped" : p.finished && p.phase === "measure" && lastTrial ? "done" : "running";
        rows.push({ ...base, measured: before + (p.phase === "measure" ? p.done : 0), state, trial: p.trial, phase: p.phase, done: p.done, total: p.total, ratePerS: p.ratePerS, p50Ms: p.p50Ms, p95Ms: p.p95Ms, latency: p.latency, errors: p.errors, elapsedMs: p.elapsedMs });
      } else if (s) {
        const lat = spec.gates.latency === "ttft" ? s.metrics.ttftMs : s.metrics.e2eMs;
        const short = spec.requestsPerLevel !== undefined && s.counts.total < spec.requestsPerLevel * spec.trials;
        rows.push({ ...base, measured: s.counts.total, state: short && ended ? "stopped" : "done", trial: s.trials - 1, phase: "measure", done: s.counts.total, total: s.counts.total, ratePerS: s.throughput.requestsPerSec, p50Ms: lat.p50, p95Ms: lat.p95, errors: s.counts.byKind, elapsedMs: s.throughput.durationMs });
      } else {
        rows.push({ ...base, measured: 0, state: "waiting", trial: 0, phase: "measure", done: 0, total: spec.requestsPerLevel ?? null, ratePerS: null, p50Ms: null, p95Ms: null, errors: {}, elapsedMs: null });
      }
    }
  }
  return rows;
}

/** Requests measured so far and planned in all (null when levels are timed), for the remaining-time estimate. */
export function overallProgress(spec: BenchmarkSpec, rows: ReadonlyArray<LiveRow>): { done: number; total: number | null } {
  const per = spec.requestsPerLevel;
  return { done: rows.reduce((n, r) => n + r.measured, 0), total: per !== undefined ? per * spec.trials * rows.length : null };
}
