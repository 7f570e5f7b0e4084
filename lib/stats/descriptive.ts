import { RunningSum, sortedCopy } from "./numbers";
import { coerceInRange } from "./options";

/**
 * Descriptive statistics matching numpy's defaults, so numbers agree with `np.percentile`, `np.mean` and
 * `np.std` scripts. Each returns null for no samples (never 0).
 * NaN/±inf are missing values, as everywhere in the stats (numbers.finiteValues, summarize): each
 * function leaves them out, so n is the count of finite values. Unguarded, a NaN sorts last in a
 * Float64Array and silently becomes "the max", or turns a mean into NaN. Finite inputs are not copied.
 */

/** The input itself when every value is finite, else a copy of its finite values in the same order. */
function finiteOnly(values: ArrayLike<number>): ArrayLike<number> {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return Array.prototype.filter.call(values, (v: number) => Number.isFinite(v)) as number[];
  }
  return values;
}

/**
 * An ascending array's finite part. Sorting puts -inf first and +inf and NaN last (Float64Array sort), so
 * checking the two ends is enough: a percentile stays O(1) on clean data (charts ask for hundreds).
 */
function finiteSorted(ascending: ArrayLike<number>): ArrayLike<number> {
  const n = ascending.length;
  return n === 0 || (Number.isFinite(ascending[0]) && Number.isFinite(ascending[n - 1])) ? ascending : finiteOnly(ascending);
}

/** numpy's _lerp: interpolates from the nearer end, which keeps results exact at the bounds. */
export function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** p-th percentile (0–100) of an ascending array, numpy method "linear": index (n − 1)·p/100. */
export function percentileOfSorted(ascending: ArrayLike<number>, p: number): number | null {
  const q = coerceInRange("percentile", p, 0, 100) / 100;
  const sorted = finiteSorted(ascending);
  const n = sorted.length;
  if (n === 0) return null;
  const vi = (n - 1) * q;
  if (vi >= n - 1) return sorted[n - 1] as number;
  const lo = Math.floor(vi);
  return lerp(sorted[lo] as number, sorted[lo + 1] as number, vi - lo);
}

/** p-th percentile (0–100) of unsorted values (sorts a copy). */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  return percentileOfSorted(sortedCopy(values), p);
}

export function mean(input: ArrayLike<number>): number | null {
  const values = finiteOnly(input);
  if (values.length === 0) return null;
  const acc = new RunningSum();
  for (let i = 0; i < values.length; i++) acc.add(values[i] as number);
  return acc.value / values.length;
}

/**
 * Standard deviation with numpy's default ddof = 0 (population); pass ddof = 1 for the sample estimate.
 * null when n − ddof ≤ 0 (numpy would warn and return nan/inf).
 */
export function std(input: ArrayLike<number>, ddof = 0): number | null {
  const values = finiteOnly(input);
  const m = mean(values);
  if (m === null || values.length - ddof <= 0) return null;
  const acc = new RunningSum();
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - m;
    acc.add(d * d);
  }
  return Math.sqrt(acc.value / (values.length - ddof));
}

export function min(input: ArrayLike<number>): number | null {
  const values = finiteOnly(input);
  if (values.length === 0) return null;
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) < m) m = values[i] as number;
  return m;
}

export function max(input: ArrayLike<number>): number | null {
  const values = finiteOnly(input);
  if (values.length === 0) return null;
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > m) m = values[i] as number;
  return m;
}
