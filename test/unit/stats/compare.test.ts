import { describe, expect, it } from "vitest";
import { comparePercentiles, compareStatistic, compareThroughput } from "../../../lib/stats/compare";
import { percentileStat } from "../../../lib/stats/bootstrap";
import { Rng } from "../../../lib/stats/rng";

function lognormals(seed: number, n: number, mu: number, sigma: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return Math.exp(mu + sigma * z);
  });
}

describe("A/B difference with a seeded bootstrap interval", () => {
  it("flags a real 30% slowdown as significant, with the right sign and relative change", () => {
    const a = lognormals(1, 400, Math.log(100), 0.3);
    const b = lognormals(2, 400, Math.log(130), 0.3);
    const d = comparePercentiles(a, b, { seed: 7 });
    for (const k of ["p50", "p95"] as const) {
      expect(d[k].significant).toBe(true);
      expect(d[k].diff!).toBeGreaterThan(0);
      expect(d[k].ci95![0]).toBeGreaterThan(0);
      expect(d[k].relativePct!).toBeGreaterThan(15);
    }
    expect(d.p50.relativePct!).toBeLessThan(45);
  });

  it("does not flag two samples of the same distribution", () => {
    const a = lognormals(3, 300, Math.log(100), 0.3);
    const b = lognormals(4, 300, Math.log(100), 0.3);
    const d = comparePercentiles(a, b, { seed: 7 });
    expect(d.p50.significant).toBe(false);
    expect(d.p50.ci95![0]).toBeLessThan(0);
    expect(d.p50.ci95![1]).toBeGreaterThan(0);
  });

  it("flags a speedup too (interval entirely below 0)", () => {
    const a = lognormals(5, 300, Math.log(100), 0.2);
    const b = lognormals(6, 300, Math.log(70), 0.2);
    const d = comparePercentiles(a, b, { seed: 1 }).p50;
    expect(d.significant).toBe(true);
    expect(d.ci95![1]).toBeLessThan(0);
    expect(d.relativePct!).toBeLessThan(0);
  });

  it("is deterministic for a seed", () => {
    const a = lognormals(1, 100, 4, 0.3);
    const b = lognormals(2, 100, 4, 0.3);
    expect(comparePercentiles(a, b, { seed: 3 })).toEqual(comparePercentiles(a, b, { seed: 3 }));
  });

  it("throughput: compares mean window rates", () => {
    const d = compareThroughput([10, 11, 9, 10, 10, 11], [7, 8, 7, 6, 8, 7], { seed: 2 });
    expect(d.a).toBeCloseTo(61 / 6, 12);
    expect(d.b).toBeCloseTo(43 / 6, 12);
    expect(d.significant).toBe(true);
    expect(d.relativePct!).toBeCloseTo(((43 - 61) / 61) * 100, 10);
  });

  it("with an empty side: no difference, not significant, n says why", () => {
    const d = compareStatistic([], [1, 2, 3], percentileStat(50));
    expect(d).toEqual({ a: null, b: 2, diff: null, relativePct: null, ci95: null, significant: false, nA: 0, nB: 3 });
  });
});
