import { levelLabel, levelsOf } from "../schemas/benchmark";
import type { RunData } from "./runRows";

/** The run's levels in the order they ran (the load profile's), keeping only those it measured. */
export function levelOrder(run: RunData): number[] {
  const measured = new Set<number>();
  for (const l of run.levels) measured.add(l.level);
  for (const s of run.series) if (!s.warmup) measured.add(s.level);
  const planned = levelsOf(run.spec.load);
  return [...planned.filter((l) => measured.has(l)), ...[...measured].filter((l) => !planned.includes(l)).sort((a, b) => a - b)];
}

/** "concurrency 16", "5 req/s", "100 items": the run's own label, else the load profile's words. */
export function labelOfLevel(run: RunData, level: number): string {
  return run.levels.find((l) => l.level === level)?.label ?? levelLabel(run.spec.load, level);
}
