import { describe, expect, it } from "vitest";
import { max, mean, min, percentile, percentileOfSorted, std } from "../../../lib/stats/descriptive";
import { close, reference } from "./reference";

describe("descriptive statistics against numpy", () => {
  for (const [name, c] of Object.entries(reference.descriptive)) {
    it(`${name}: percentiles match np.percentile (linear)`, () => {
      for (const [p, expected] of Object.entries(c.percentiles)) {
        const got = percentile(c.values, Number(p));
        expect(close(got, expected, 1e-14), `p${p}: ${got} vs ${expected}`).toBe(true);
      }
    });

    it(`${name}: mean, std (ddof 0 and 1), min, max match numpy`, () => {
      // Compensated sums keep even the 1e9-offset case within ~3e-14 of numpy's pairwise sum.
      const rel = 1e-12;
      expect(close(mean(c.values), c.mean)).toBe(true);
      expect(close(std(c.values), c.std, rel), `${std(c.values)} vs ${c.std}`).toBe(true);
      if (c.std_ddof1 === null) expect(std(c.values, 1)).toBeNull();
      else expect(close(std(c.values, 1), c.std_ddof1, rel)).toBe(true);
      expect(min(c.values)).toBe(c.min);
      expect(max(c.values)).toBe(c.max);
    });
  }

  it("returns null, not 0, for no samples", () => {
    expect(percentile([], 50)).toBeNull();
    expect(mean([])).toBeNull();
    expect(std([])).toBeNull();
    expect(min([])).toBeNull();
    expect(max([])).toBeNull();
  });

  it("leaves NaN/±inf out instead of sorting them in as values", () => {
    const dirty = [3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY];
    const clean = [3, 1, 2];
    for (const p of [0, 50, 95, 100]) expect(percentile(dirty, p)).toBe(percentile(clean, p));
    expect(percentile(dirty, 100)).toBe(3); // a NaN sorted last used to be "p100"
    // An ascending array with NaN last (what Float64Array.sort gives), passed straight in.
    expect(percentileOfSorted(Float64Array.from([1, 2, 3, Number.NaN]), 100)).toBe(3);
    expect(percentileOfSorted(Float64Array.from([1, 2, 3, Number.NaN]), 50)).toBe(2);
    expect(mean(dirty)).toBe(2);
    expect(std(dirty)).toBe(std(clean));
    expect(std(dirty, 1)).toBe(1);
    expect(min(dirty)).toBe(1);
    expect(max(dirty)).toBe(3);
  });

  it("is null, not NaN or ±inf, when no value is finite", () => {
    const none = [Number.NaN, Number.POSITIVE_INFINITY];
    expect(percentile(none, 50)).toBeNull();
    expect(mean(none)).toBeNull();
    expect(std(none)).toBeNull();
    expect(min(none)).toBeNull();
    expect(max(none)).toBeNull();
    expect(std([1, Number.NaN], 1)).toBeNull(); // n − ddof counts finite values only
  });

  it("does not reorder its input", () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });

  it("rejects a percentile outside [0, 100] with the bad value", () => {
    expect(() => percentileOfSorted([1, 2], 101)).toThrow("invalid percentile; not in [0, 100]: 101");
    expect(() => percentileOfSorted([1, 2], Number.NaN)).toThrow("invalid percentile; not a finite number: NaN");
  });
});
