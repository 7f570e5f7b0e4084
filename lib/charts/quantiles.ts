import { percentileOfSorted } from "../stats/descriptive";

/**
 * An empirical CDF as points (value, fraction ≤ value). Up to `maxPoints` samples every point is kept;
 * beyond that the curve is read at evenly spaced fractions (exact quantiles), which draws the same
 * shape at any size and keeps a 10,000-request chart as light as a 200-request one.
 */
export function ecdfPoints(sorted: ArrayLike<number>, maxPoints = 240): { value: number; fraction: number }[] {
  const n = sorted.length;
  if (n === 0) return [];
  if (n <= maxPoints) {
    return Array.from({ length: n }, (_, i) => ({ value: sorted[i] as number, fraction: (i + 1) / n }));
  }
  const out: { value: number; fraction: number }[] = [];
  for (let k = 0; k <= maxPoints; k++) {
    const fraction = k / maxPoints;
    out.push({ value: percentileOfSorted(sorted, fraction * 100) as number, fraction });
  }
  return out;
}

/** Percentiles of an ascending array, e.g. quantilesOf(sorted, [5, 25, 50]) → [p5, p25, p50]. */
export function quantilesOf(sorted: ArrayLike<number>, ps: ReadonlyArray<number>): (number | null)[] {
  return ps.map((p) => percentileOfSorted(sorted, p));
}

export function sortedNumbers(values: ReadonlyArray<number>): Float64Array {
  return Float64Array.from(values).sort();
}
