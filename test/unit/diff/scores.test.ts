import { describe, expect, it } from "vitest";
import { diffScores } from "../../../lib/diff/scores";
import { ScoreDiff } from "../../../lib/schemas/diff";

describe("diffScores", () => {
  it("computes per-label Δ, per-item max and argmax agreement, and summary", () => {
    const a = [
      [0.7, 0.3],
      [0.4, 0.6],
      [0.5, 0.5],
    ];
    const b = [
      [0.69, 0.31],
      [0.55, 0.45],
      [0.5, 0.5],
    ];
    const d = diffScores(a, b);
    expect(() => ScoreDiff.parse(d)).not.toThrow();
    expect(d.items[0]!.deltas[0]).toBeCloseTo(-0.01, 12);
    expect(d.items[1]).toMatchObject({ argmaxA: 1, argmaxB: 0, argmaxAgree: false, missing: 0 });
    expect(d.items[1]!.maxAbsDelta).toBeCloseTo(0.15, 12);
    expect(d.items[2]).toMatchObject({ argmaxA: 0, argmaxB: 0, argmaxAgree: true }); // ties → first label
    expect(d.summary).toMatchObject({ itemsA: 3, itemsB: 3, entries: 6, compared: 6, argmaxCompared: 3 });
    expect(d.summary.argmaxAgreement).toBeCloseTo(2 / 3, 12);
    expect(d.summary.maxAbsDelta).toMatchObject({ item: 1 });
    expect(d.summary.maxAbsDelta!.value).toBeCloseTo(0.15, 12);
    expect(d.summary.meanAbsDelta).toBeCloseTo((0.01 + 0.01 + 0.15 + 0.15 + 0 + 0) / 6, 12);
  });

  it("treats null/NaN/±inf and shape differences as missing, never as 0", () => {
    const d = diffScores(
      [[0.1, Number.NaN], [0.3, 0.2]],
      [[0.1, 0.9], [null, 0.2], [0.4, 0.6]],
    );
    expect(d.summary.missing).toEqual({ either: 4, both: 0, aOnly: 3, bOnly: 1 });
    expect(d.summary.compared).toBe(2);
    expect(d.summary.meanAbsDelta).toBe(0);
    expect(d.items[0]).toMatchObject({ deltas: [0, null], argmaxA: null, argmaxAgree: null, missing: 1 });
    expect(d.items[2]).toMatchObject({ a: [null, null], b: [0.4, 0.6], argmaxB: 1 });
    expect(d.summary.argmaxAgreement).toBeNull();
  });

  it("empty inputs give nulls with counts of 0", () => {
    expect(diffScores([], []).summary).toMatchObject({ entries: 0, compared: 0, maxAbsDelta: null, meanAbsDelta: null, argmaxAgreement: null });
  });
});
