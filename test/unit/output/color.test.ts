import { describe, expect, it } from "vitest";
import { DELTA_BINS, deltaBin, MISSING_BIN } from "../../../app/notebooks/[id]/output/color";

describe("deltaBin", () => {
  it("puts a missing Δ in its own bin, never the bin of 0", () => {
    expect(deltaBin(null)).toBe(MISSING_BIN);
    expect(deltaBin(Number.NaN)).toBe(MISSING_BIN);
    expect(deltaBin(Number.POSITIVE_INFINITY)).toBe(MISSING_BIN);
    expect(deltaBin(0).key).toBe("exact");
    expect(MISSING_BIN.color).not.toBe(deltaBin(0).color);
  });

  it("uses inclusive upper edges, with 0.05 (sglang-ci's tolerance) as an edge", () => {
    expect(deltaBin(1e-9).key).toBe("tiny");
    expect(deltaBin(1e-3).key).toBe("tiny");
    expect(deltaBin(0.0100001).key).toBe("tol");
    expect(deltaBin(0.05).key).toBe("tol");
    expect(deltaBin(0.0500001).key).toBe("over");
    expect(deltaBin(1).key).toBe("large");
    expect(deltaBin(7).key).toBe("huge");
  });

  it("reads the magnitude of a signed value", () => {
    expect(deltaBin(-0.1)).toBe(deltaBin(0.1));
  });

  it("has increasing edges and distinct colours", () => {
    const edges = DELTA_BINS.map((b) => b.max);
    expect([...edges].sort((x, y) => x - y)).toEqual(edges);
    expect(new Set(DELTA_BINS.map((b) => b.color)).size).toBe(DELTA_BINS.length);
  });
});
