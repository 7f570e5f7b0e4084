import { describe, expect, it } from "vitest";
import { Rng } from "../../../lib/stats/rng";
import { reference } from "./reference";

describe("Rng (splitmix32 → xoshiro128**)", () => {
  it("matches an independent Python implementation for several seeds", () => {
    for (const [seed, expected] of Object.entries(reference.xoshiro128ss)) {
      const rng = new Rng(Number(seed));
      expect(Array.from({ length: expected.length }, () => rng.nextUint32())).toEqual(expected);
    }
  });

  it("is deterministic per seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("gives uniform values in [0, 1) and ints in [0, n)", () => {
    const rng = new Rng(123);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[rng.int(10)]++;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500); // ~5σ
  });

  it("rejects a non-finite seed", () => {
    expect(() => new Rng(Number.NaN)).toThrow("invalid seed; not a finite number: NaN");
  });
});
