import { describe, expect, it } from "vitest";
import { bootstrapIntervals, meanStat, percentileStat, replicates } from "../../../lib/stats/bootstrap";
import { mean, percentileOfSorted } from "../../../lib/stats/descriptive";
import { sortedCopy } from "../../../lib/stats/numbers";
import { Rng } from "../../../lib/stats/rng";
import { summarize } from "../../../lib/stats/summarize";
import { reference } from "./reference";

/** Standard normal draws (Box–Muller) from the seeded generator. */
function normals(rng: Rng, n: number, mu = 0, sigma = 1): number[] {
  return Array.from({ length: n }, () => mu + sigma * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
}

describe("counts-based resample statistics", () => {
  it("equal the statistic of the expanded resample", () => {
    const sorted = sortedCopy([5, 1, 4, 1, 9, 2, 6, 2, 2, 8]);
    const rng = new Rng(11);
    const counts = new Uint32Array(sorted.length);
    for (let r = 0; r < 200; r++) {
      counts.fill(0);
      for (let j = 0; j < sorted.length; j++) counts[rng.int(sorted.length)]!++;
      const expanded: number[] = [];
      counts.forEach((c, i) => {
        for (let k = 0; k < c; k++) expanded.push(sorted[i]!);
      });
      for (const p of [0, 2.5, 50, 95, 97.5, 99, 100]) {
        expect(percentileStat(p)(sorted, counts)).toBeCloseTo(percentileOfSorted(expanded, p)!, 12);
      }
      expect(meanStat(sorted, counts)).toBeCloseTo(mean(expanded)!, 12);
    }
  });
});

describe("bootstrap intervals", () => {
  const raw = reference.descriptive["lognormal-latency-5000"]!.values;
  const sample = sortedCopy(raw.slice(0, 500));

  it("are deterministic for a seed and move with it", () => {
    const a = bootstrapIntervals(sample, [percentileStat(95)], { seed: 1, B: 300 });
    const b = bootstrapIntervals(sample, [percentileStat(95)], { seed: 1, B: 300 });
    const c = bootstrapIntervals(sample, [percentileStat(95)], { seed: 2, B: 300 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("bracket the point estimate, and narrow as n grows", () => {
    const [small] = bootstrapIntervals(sortedCopy(raw.slice(0, 50)), [percentileStat(50)], { seed: 3 });
    const [large] = bootstrapIntervals(sample, [percentileStat(50)], { seed: 3 });
    const p50 = percentileOfSorted(sample, 50)!;
    expect(large![0]).toBeLessThanOrEqual(p50);
    expect(large![1]).toBeGreaterThanOrEqual(p50);
    expect(large![1] - large![0]).toBeLessThan(small![1] - small![0]);
  });

  it("cover the true median about 95% of the time", () => {
    // 200 samples of N(10, 2) (true median 10), each with its own 95% interval.
    const rng = new Rng(2026);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const [ci] = bootstrapIntervals(sortedCopy(normals(rng, 80, 10, 2)), [percentileStat(50)], { seed: t, B: 400 });
      if (ci![0] <= 10 && 10 <= ci![1]) covered++;
    }
    // Binomial(200, 0.95) has sd ≈ 3.1 trials; the percentile bootstrap of a median runs slightly
    // conservative or liberal depending on n, so allow a wide but meaningful band.
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it("share resamples between statistics (one stream, B draws of n)", () => {
    const rng1 = new Rng(5);
    const rng2 = new Rng(5);
    const [together] = replicates(sample, [percentileStat(50), percentileStat(99)], 50, rng1);
    const [alone] = replicates(sample, [percentileStat(50)], 50, rng2);
    expect(together).toEqual(alone);
  });

  it("reject a bad B or level with the bad value", () => {
    expect(() => bootstrapIntervals(sample, [meanStat], { B: 0 })).toThrow("invalid B; not an integer ≥ 1: 0");
    expect(() => bootstrapIntervals(sample, [meanStat], { level: 1.2 })).toThrow("invalid level; not in (0, 1): 1.2");
  });
});

describe("summarize", () => {
  it("matches numpy and carries n", () => {
    const c = reference.descriptive["normal-1000"]!;
    const s = summarize(c.values, { seed: 9, B: 200 });
    expect(s.n).toBe(1000);
    expect(s.dropped).toBe(0);
    expect(s.p50).toBeCloseTo(c.percentiles["50"]!, 12);
    expect(s.p90).toBeCloseTo(c.percentiles["90"]!, 12);
    expect(s.p95).toBeCloseTo(c.percentiles["95"]!, 12);
    expect(s.p99).toBeCloseTo(c.percentiles["99"]!, 12);
    expect(s.mean).toBeCloseTo(c.mean, 12);
    expect(s.std).toBeCloseTo(c.std, 12);
    expect(s.min).toBe(c.min);
    expect(s.max).toBe(c.max);
    for (const k of ["p50", "p95", "p99"] as const) {
      const ci = s.ci95[k]!;
      expect(ci[0]).toBeLessThanOrEqual(s[k]!);
      expect(ci[1]).toBeGreaterThanOrEqual(s[k]!);
    }
  });

  it("is all null for no samples, and drops null/NaN/±inf with a count", () => {
    const empty = summarize([null, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(empty).toEqual({
      n: 0,
      dropped: 3,
      mean: null,
      std: null,
      min: null,
      max: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
      ci95: { p50: null, p95: null, p99: null },
    });
  });

  it("handles n = 1 and all-equal samples without inventing spread", () => {
    const one = summarize([42.5]);
    expect(one).toMatchObject({ n: 1, mean: 42.5, std: 0, min: 42.5, max: 42.5, p50: 42.5, p99: 42.5 });
    expect(one.ci95.p95).toEqual([42.5, 42.5]);
    const same = summarize(new Array(20).fill(3.25));
    expect(same).toMatchObject({ n: 20, std: 0, p50: 3.25, p99: 3.25 });
    expect(same.ci95.p50).toEqual([3.25, 3.25]);
  });

  it("handles ties like numpy", () => {
    const c = reference.descriptive["ints-with-ties-37"]!;
    const s = summarize(c.values);
    expect(s.p90).toBe(c.percentiles["90"]);
    expect(s.p99).toBe(c.percentiles["99"]);
  });
});
