import { describe, expect, it } from "vitest";
import { arrivalSchedule, gapSource, type ArrivalOptions } from "../../../server/bench/arrivals";

function gaps(opts: ArrivalOptions, n: number): number[] {
  const next = gapSource(opts);
  return Array.from({ length: n }, next);
}

function meanCv(xs: number[]): { mean: number; cv: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, cv: Math.sqrt(variance) / mean };
}

describe("arrival generators", () => {
  it("poisson: exponential gaps with mean 1/rate and CV 1", () => {
    const { mean, cv } = meanCv(gaps({ rate: 10, arrival: "poisson", burstiness: 1, seed: 1 }, 40_000));
    expect(mean).toBeGreaterThan(97);
    expect(mean).toBeLessThan(103);
    expect(cv).toBeGreaterThan(0.97);
    expect(cv).toBeLessThan(1.03);
  });

  it("constant: every gap exactly 1/rate", () => {
    expect(new Set(gaps({ rate: 4, arrival: "constant", burstiness: 1, seed: 1 }, 100))).toEqual(new Set([250]));
  });

  it.each([
    [0.25, 2],
    [1, 1],
    [4, 0.5],
  ])("gamma with burstiness %s: mean 1/rate, CV 1/√burstiness = %s", (k, expectedCv) => {
    const { mean, cv } = meanCv(gaps({ rate: 20, arrival: "gamma", burstiness: k, seed: 7 }, 60_000));
    expect(mean / 50).toBeGreaterThan(0.96);
    expect(mean / 50).toBeLessThan(1.04);
    expect(cv / expectedCv).toBeGreaterThan(0.95);
    expect(cv / expectedCv).toBeLessThan(1.05);
  });

  it("is deterministic per seed, and seeds differ", () => {
    const opts: ArrivalOptions = { rate: 5, arrival: "gamma", burstiness: 0.5, seed: 42 };
    expect(arrivalSchedule(50, opts)).toEqual(arrivalSchedule(50, opts));
    expect(arrivalSchedule(50, { ...opts, seed: 43 })).not.toEqual(arrivalSchedule(50, opts));
  });

  it("a fixed-count schedule starts at 0 and is rescaled to the exact rate", () => {
    for (const arrival of ["poisson", "gamma", "constant"] as const) {
      const s = arrivalSchedule(101, { rate: 25, arrival, burstiness: 0.5, seed: 3 });
      expect(s[0]).toBe(0);
      expect(s[100]).toBeCloseTo(4000, 9); // (n − 1)/rate seconds
      expect(s.every((t, i) => i === 0 || t >= (s[i - 1] as number))).toBe(true);
    }
    expect(arrivalSchedule(0, { rate: 1, arrival: "poisson", burstiness: 1, seed: 0 })).toEqual([]);
    expect(arrivalSchedule(1, { rate: 1, arrival: "poisson", burstiness: 1, seed: 0 })).toEqual([0]);
  });
});
