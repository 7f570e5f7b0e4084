import type { Saturation, TimePoint, Trend } from "../schemas/stats";
import { coerceFinite, coercePositiveInt } from "./options";

/**
 * Saturation: the server takes requests in faster than it finishes them, so its queue and TTFT keep
 * growing for as long as the level runs. Rule: over the second half of the level (by time, after the
 * ramp-up), both the queue length and TTFT must show an increasing trend by the Mann–Kendall test
 * (tie-corrected, z > 1.645, one-sided 5%) with a positive least-squares slope. Either series with fewer
 * than `minPoints` points in that half gives "insufficient-data". Series longer than `maxPoints` are
 * thinned evenly first (Mann–Kendall is O(n²)).
 */

export type SaturationOptions = { minZ?: number; minPoints?: number; maxPoints?: number };

export function detectSaturation(
  series: { queue: ReadonlyArray<TimePoint>; ttft: ReadonlyArray<TimePoint> },
  opts?: SaturationOptions,
): Saturation {
  const minZ = coerceFinite("minZ", opts?.minZ ?? 1.645);
  // A trend needs at least 3 points to mean anything. 5 is the fewest with which Mann–Kendall can reach
  // z > 1.645 (all rising: z = 2.2), and what a 10 s level sampled every second (the default) has in its
  // second half: more would leave most levels "insufficient-data".
  const minPoints = Math.max(3, coercePositiveInt("minPoints", opts?.minPoints ?? 5));
  const maxPoints = coercePositiveInt("maxPoints", opts?.maxPoints ?? 1000);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of [...series.queue, ...series.ttft]) {
    if (!Number.isFinite(p.tMs)) continue;
    first = Math.min(first, p.tMs);
    last = Math.max(last, p.tMs);
  }
  const mid = (first + last) / 2;
  const half = (s: ReadonlyArray<TimePoint>) =>
    thin(
      s.filter((p) => p.tMs >= mid && Number.isFinite(p.value) && Number.isFinite(p.tMs)).sort((x, y) => x.tMs - y.tMs),
      maxPoints,
    );
  const queue = trendOf(half(series.queue), minZ);
  const ttft = trendOf(half(series.ttft), minZ);
  if (queue.n < minPoints || ttft.n < minPoints) {
    return {
      status: "insufficient-data",
      queue,
      ttft,
      reason: `Too few points in the level's second half to judge a trend (queue ${queue.n}, TTFT ${ttft.n}; need ${minPoints} each).`,
    };
  }
  const saturated = queue.increasing && ttft.increasing;
  const describe = (name: string, t: Trend) =>
    `${name} ${t.increasing ? "keeps growing" : "does not keep growing"} (Mann–Kendall z ${t.z?.toFixed(2)}, slope ${t.slopePerS?.toPrecision(3)}/s)`;
  return {
    status: saturated ? "saturated" : "stable",
    queue,
    ttft,
    reason: `${describe("Queue length", queue)}; ${describe("TTFT", ttft)} over the second half of the level.`,
  };
}

function thin<T>(xs: T[], maxPoints: number): T[] {
  if (xs.length <= maxPoints) return xs;
  const step = xs.length / maxPoints;
  return Array.from({ length: maxPoints }, (_, i) => xs[Math.floor(i * step)] as T);
}

/** Mann–Kendall trend (tie-corrected variance, continuity correction) and least-squares slope. */
export function trendOf(points: ReadonlyArray<TimePoint>, minZ: number): Trend {
  const n = points.length;
  if (n < 3) return { n, slopePerS: null, z: null, increasing: false };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const vi = points[i]!.value;
    for (let j = i + 1; j < n; j++) s += Math.sign(points[j]!.value - vi);
  }
  const ties = new Map<number, number>();
  for (const p of points) ties.set(p.value, (ties.get(p.value) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  const slopePerS = leastSquaresSlope(points) * 1000;
  return { n, slopePerS, z, increasing: z > minZ && slopePerS > 0 };
}

function leastSquaresSlope(points: ReadonlyArray<TimePoint>): number {
  const n = points.length;
  let mt = 0;
  let mv = 0;
  for (const p of points) {
    mt += p.tMs / n;
    mv += p.value / n;
  }
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.tMs - mt) * (p.value - mv);
    den += (p.tMs - mt) ** 2;
  }
  return den > 0 ? num / den : 0;
}
