import type { AbDifference, BootstrapOptions } from "../schemas/stats";
import { type CountsStatistic, meanStat, percentileInterval, percentileStat, replicates, resolveBootstrap } from "./bootstrap";
import { finiteValues, sortedCopy } from "./numbers";
import { Rng } from "./rng";

/**
 * A/B difference (B − A) of one statistic with a seeded bootstrap interval: A and B are resampled
 * independently from one seeded stream, and the interval is the percentile interval of the B* − A*
 * replicates. Significant only when that interval excludes 0.
 */
export function compareStatistic(
  a: ReadonlyArray<number | null>,
  b: ReadonlyArray<number | null>,
  stat: CountsStatistic,
  opts?: BootstrapOptions,
): AbDifference {
  const { B, seed, level } = resolveBootstrap(opts);
  const sortedA = sortedCopy(finiteValues(a).values);
  const sortedB = sortedCopy(finiteValues(b).values);
  const nA = sortedA.length;
  const nB = sortedB.length;
  const pointA = pointOf(sortedA, stat);
  const pointB = pointOf(sortedB, stat);
  if (pointA === null || pointB === null) {
    return { a: pointA, b: pointB, diff: null, relativePct: null, ci95: null, significant: false, nA, nB };
  }
  const rng = new Rng(seed);
  const [repA] = replicates(sortedA, [stat], B, rng);
  const [repB] = replicates(sortedB, [stat], B, rng);
  const diffs = new Float64Array(B);
  for (let i = 0; i < B; i++) diffs[i] = (repB![i] as number) - (repA![i] as number);
  const ci95 = percentileInterval(diffs, level);
  return {
    a: pointA,
    b: pointB,
    diff: pointB - pointA,
    relativePct: pointA !== 0 ? ((pointB - pointA) / Math.abs(pointA)) * 100 : null,
    ci95,
    significant: ci95 !== null && (ci95[0] > 0 || ci95[1] < 0),
    nA,
    nB,
  };
}

/** The statistic of the sample itself: the resample that drew each value once. */
function pointOf(sorted: Float64Array, stat: CountsStatistic): number | null {
  return sorted.length > 0 ? stat(sorted, new Uint32Array(sorted.length).fill(1)) : null;
}

/** p50 and p95 latency, B − A. */
export function comparePercentiles(
  a: ReadonlyArray<number | null>,
  b: ReadonlyArray<number | null>,
  opts?: BootstrapOptions,
): { p50: AbDifference; p95: AbDifference } {
  return {
    p50: compareStatistic(a, b, percentileStat(50), opts),
    p95: compareStatistic(a, b, percentileStat(95), opts),
  };
}

/** Throughput, B − A, from each side's per-window rates (throughput.windowRates). */
export function compareThroughput(
  ratesA: ArrayLike<number>,
  ratesB: ArrayLike<number>,
  opts?: BootstrapOptions,
): AbDifference {
  return compareStatistic(Array.from(ratesA), Array.from(ratesB), meanStat, opts);
}
