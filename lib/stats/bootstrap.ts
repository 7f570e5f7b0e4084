import type { BootstrapOptions, Interval } from "../schemas/stats";
import { lerp, percentileOfSorted } from "./descriptive";
import { coerceFinite, coerceInRange, coerceLevel, coercePositiveInt } from "./options";
import { Rng } from "./rng";

/**
 * Seeded percentile bootstrap. A resample is kept as counts over the sorted sample (how many times each
 * value was drawn), so a percentile of a resample is a walk over the counts, O(n), with no sort and no
 * copy: B = 1000 over 10k samples costs ~20M cheap steps.
 */

export type ResolvedBootstrap = { B: number; seed: number; level: number };

export function resolveBootstrap(opts: BootstrapOptions | undefined): ResolvedBootstrap {
  return {
    B: coercePositiveInt("B", opts?.B ?? 1000),
    seed: coerceFinite("seed", opts?.seed ?? 0),
    level: coerceLevel("level", opts?.level ?? 0.95),
  };
}

/** A statistic of one resample, given the sorted sample and the draw counts of each of its values. */
export type CountsStatistic = (sorted: Float64Array, counts: Uint32Array) => number;

/** Values at 0-based ranks k and k + 1 of the resample described by counts, in one walk. */
function adjacentRankValues(sorted: Float64Array, counts: Uint32Array, k: number): [number, number] {
  const n = counts.length;
  let cum = 0;
  let i = 0;
  for (; i < n; i++) {
    cum += counts[i] as number;
    if (cum > k) break;
  }
  const at = sorted[Math.min(i, n - 1)] as number;
  if (cum > k + 1) return [at, at];
  for (i++; i < n && counts[i] === 0; i++);
  return [at, sorted[Math.min(i, n - 1)] as number];
}

/** p-th percentile of a resample, numpy "linear", like percentileOfSorted on the expanded resample. */
export function percentileStat(p: number): CountsStatistic {
  const q = coerceInRange("percentile", p, 0, 100) / 100;
  return (sorted, counts) => {
    const n = sorted.length;
    const vi = (n - 1) * q;
    const lo = Math.min(Math.floor(vi), n - 1);
    const [a, b] = adjacentRankValues(sorted, counts, lo);
    return vi >= n - 1 ? a : lerp(a, b, vi - lo);
  };
}

export const meanStat: CountsStatistic = (sorted, counts) => {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += (counts[i] as number) * (sorted[i] as number);
  return s / sorted.length;
};

/**
 * B replicates of each statistic over resamples of `sorted` (which must be ascending and non-empty),
 * drawing from `rng`. All statistics share the same resamples.
 */
export function replicates(sorted: Float64Array, stats: CountsStatistic[], B: number, rng: Rng): Float64Array[] {
  const n = sorted.length;
  const out = stats.map(() => new Float64Array(B));
  const counts = new Uint32Array(n);
  for (let r = 0; r < B; r++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[rng.int(n)]!++;
    for (let s = 0; s < stats.length; s++) out[s]![r] = stats[s]!(sorted, counts);
  }
  return out;
}

/** Percentile interval of replicate values: [(1 − level)/2, (1 + level)/2] quantiles. */
export function percentileInterval(values: Float64Array, level: number): Interval {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const lo = percentileOfSorted(sorted, (100 * (1 - level)) / 2);
  const hi = percentileOfSorted(sorted, (100 * (1 + level)) / 2);
  return lo === null || hi === null ? null : [lo, hi];
}

/** Bootstrap intervals of several statistics of one sample; null intervals when it is empty. */
export function bootstrapIntervals(sorted: Float64Array, stats: CountsStatistic[], opts?: BootstrapOptions): Interval[] {
  const { B, seed, level } = resolveBootstrap(opts);
  if (sorted.length === 0) return stats.map(() => null);
  return replicates(sorted, stats, B, new Rng(seed)).map((r) => percentileInterval(r, level));
}
