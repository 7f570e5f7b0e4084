import { describe, expect, it } from "vitest";
import { diffTokenSequences } from "../../../lib/diff/tokens";
import { TokenDiff } from "../../../lib/schemas/diff";
import type { TokenSequence } from "../../../lib/schemas/tokens";
import { Rng } from "../../../lib/stats/rng";
import { pos, seq } from "./build";

const L = Math.log;

describe("diffTokenSequences: per position", () => {
  const a: TokenSequence = [
    pos(5, null, null), // first prompt token: no logprob on either server
    pos(7, L(0.5), [[7, L(0.5)], [8, L(0.3)], [9, L(0.1)]]),
    pos(8, L(0.2), [[9, L(0.6)], [8, L(0.2)]]),
  ];
  const b: TokenSequence = [
    pos(5, null, null),
    pos(7, L(0.4), [[8, L(0.45)], [7, L(0.4)], [9, L(0.1)]]), // unsorted on purpose
    pos(8, L(0.25), [[9, L(0.5)], [8, L(0.25)]]),
  ];
  const d = diffTokenSequences(a, b);

  it("keeps a missing first logprob missing, never 0", () => {
    expect(d.positions[0]).toMatchObject({ lpA: null, lpB: null, delta: null, absDelta: null, rankA: null, tokenMismatch: false });
  });

  it("computes Δ = B − A, ranks in each side's own top-k, argmax and containment", () => {
    const p = d.positions[1]!;
    expect(p.delta).toBeCloseTo(L(0.4) - L(0.5), 15);
    expect(p.absDelta).toBeCloseTo(Math.abs(L(0.4) - L(0.5)), 15);
    expect(p).toMatchObject({ rankA: 1, rankB: 2, argmaxA: 7, argmaxB: 8, argmaxAgree: false, aInTopB: true, bInTopA: true });
    expect(d.positions[2]).toMatchObject({ rankA: 2, rankB: 2, argmaxA: 9, argmaxB: 9, argmaxAgree: true });
  });

  it("summarises compared, missing, max/mean |Δ|, argmax agreement and first divergence", () => {
    const s = d.summary;
    expect(s).toMatchObject({ n: 3, lengthA: 3, lengthB: 3, compared: 2, tokenMismatches: 0, argmaxCompared: 2, argmaxAgreement: 0.5 });
    expect(s.missing).toEqual({ either: 1, both: 1, aOnly: 0, bOnly: 0 });
    expect(s.maxAbsDelta!.position).toBe(1);
    expect(s.meanAbsDelta).toBeCloseTo((Math.abs(L(0.4) - L(0.5)) + Math.abs(L(0.25) - L(0.2))) / 2, 15);
    expect(s.firstDivergence).toEqual({ position: 1, reason: "argmax" });
  });

  it("matches its zod schema", () => {
    expect(() => TokenDiff.parse(d)).not.toThrow();
  });

  it("computes the top-k KL lower bound by hand", () => {
    // Position 1: shared known tokens {7, 8, 9}; A = .5/.3/.1 + other .1, B = .4/.45/.1 + other .05.
    const kl = 0.5 * L(0.5 / 0.4) + 0.3 * L(0.3 / 0.45) + 0.1 * L(1) + 0.1 * L(0.1 / 0.05);
    expect(d.positions[1]!.klTopK).toBeCloseTo(kl, 12);
    // Position 2: shared {8, 9}: A .2/.6 + .2, B .25/.5 + .25.
    const kl2 = 0.2 * L(0.2 / 0.25) + 0.6 * L(0.6 / 0.5) + 0.2 * L(0.2 / 0.25);
    expect(d.positions[2]!.klTopK).toBeCloseTo(kl2, 12);
    expect(d.summary.klTopK).toMatchObject({ n: 2 });
    expect(d.summary.klTopK.mean).toBeCloseTo((kl + kl2) / 2, 12);
  });

  it("computes k3 = r − 1 − log r on same-token positions", () => {
    const term = (lpA: number, lpB: number) => Math.exp(lpB - lpA) - 1 - (lpB - lpA);
    expect(d.summary.k3.n).toBe(2);
    expect(d.summary.k3.mean).toBeCloseTo((term(L(0.5), L(0.4)) + term(L(0.2), L(0.25))) / 2, 14);
  });
});

describe("diffTokenSequences: missing and non-finite values", () => {
  it("treats NaN and ±inf as missing and counts them", () => {
    const a = seq([1, 2, 3, 4], [-1, Number.NaN, -2, Number.POSITIVE_INFINITY]);
    const b = seq([1, 2, 3, 4], [-1.5, -1, Number.NEGATIVE_INFINITY, -3]);
    const d = diffTokenSequences(a, b);
    expect(d.summary.nonFinite).toBe(3);
    expect(d.summary.compared).toBe(1);
    expect(d.summary.missing).toEqual({ either: 3, both: 0, aOnly: 2, bOnly: 1 });
    expect(d.summary.meanAbsDelta).toBe(0.5);
    expect(d.positions[1]!.lpA).toBeNull();
    expect(d.positions[1]!.delta).toBeNull();
  });

  it("gives nulls, not zeros, when nothing is comparable", () => {
    const d = diffTokenSequences(seq([1, 2], [null, null]), seq([1, 2], [null, null]));
    expect(d.summary).toMatchObject({ compared: 0, maxAbsDelta: null, meanAbsDelta: null, argmaxAgreement: null, firstDivergence: null });
    expect(d.summary.klTopK).toEqual({ mean: null, max: null, n: 0 });
    expect(diffTokenSequences([], []).summary.n).toBe(0);
  });

  it("reports different lengths as missing positions and a token divergence", () => {
    const d = diffTokenSequences(seq([1, 2, 3], [-1, -1, -1]), seq([1, 2], [-1, -1]));
    expect(d.summary).toMatchObject({ n: 3, lengthA: 3, lengthB: 2, compared: 2, tokenMismatches: 1 });
    expect(d.summary.missing).toEqual({ either: 1, both: 0, aOnly: 0, bOnly: 1 });
    expect(d.summary.firstDivergence).toEqual({ position: 2, reason: "token" });
    expect(d.positions[2]).toMatchObject({ idA: 3, idB: null, textB: null, aInTopB: null, tokenMismatch: true });
  });
});

describe("diffTokenSequences: first divergence", () => {
  it("token mismatch comes first, then argmax, then the threshold", () => {
    const a = seq([1, 2, 3], [-1, -1, -1]);
    expect(diffTokenSequences(a, seq([1, 9, 3], [-1, -1, -1])).summary.firstDivergence).toEqual({ position: 1, reason: "token" });
    const b = seq([1, 2, 3], [-1, -1.2, -1]);
    expect(diffTokenSequences(a, b).summary.firstDivergence).toBeNull();
    expect(diffTokenSequences(a, b, { threshold: 0.1 }).summary.firstDivergence).toEqual({ position: 1, reason: "threshold" });
    expect(diffTokenSequences(a, b, { threshold: 0.25 }).summary.firstDivergence).toBeNull();
  });

  it("applies atol + rtol·|b| and records the threshold used", () => {
    const a = seq([1], [-10]);
    const b = seq([1], [-10.15]);
    const d = diffTokenSequences(a, b, { threshold: { atol: 0.05, rtol: 0.01 } }); // bound 0.05 + 0.1015
    expect(d.positions[0]!.overThreshold).toBe(false);
    expect(d.summary.threshold).toEqual({ atol: 0.05, rtol: 0.01 });
    expect(diffTokenSequences(a, b, { threshold: { atol: 0.04, rtol: 0.01 } }).positions[0]!.overThreshold).toBe(true);
  });

  it("rejects a bad threshold with the bad value", () => {
    expect(() => diffTokenSequences([], [], { threshold: -1 })).toThrow("invalid threshold; not a finite number ≥ 0: -1");
  });
});

describe("rank and argmax robustness", () => {
  it("ranks ties together and ignores missing logprobs in top-k", () => {
    const a = [pos(3, -1, [[1, -0.5], [2, -1], [3, -1], [4, null]])];
    const d = diffTokenSequences(a, a);
    expect(d.positions[0]).toMatchObject({ rankA: 2, argmaxA: 1 });
    expect(diffTokenSequences([pos(4, -2, [[4, null]])], a).positions[0]).toMatchObject({ rankA: null, argmaxA: null, argmaxAgree: null });
  });
});

describe("top-k KL is a lower bound of the true KL", () => {
  it("never exceeds the full-vocabulary KL, and equals it when top-k covers the vocabulary", () => {
    const rng = new Rng(99);
    const V = 40;
    const dist = () => {
      const w = Array.from({ length: V }, () => Math.exp(3 * rng.next()));
      const z = w.reduce((s, x) => s + x, 0);
      return w.map((x) => x / z);
    };
    const topOf = (p: number[], k: number): [number, number][] =>
      p
        .map((x, id) => [id, Math.log(x)] as [number, number])
        .sort((x, y) => y[1] - x[1])
        .slice(0, k);
    for (let t = 0; t < 50; t++) {
      const p = dist();
      const q = dist();
      const trueKl = p.reduce((s, x, i) => s + x * Math.log(x / q[i]!), 0);
      const id = Math.floor(rng.next() * V);
      const at = (d: number[], k: number) => [pos(id, Math.log(d[id]!), topOf(d, k))];
      const partial = diffTokenSequences(at(p, 5), at(q, 5)).positions[0]!.klTopK!;
      expect(partial).toBeLessThanOrEqual(trueKl + 1e-12);
      expect(partial).toBeGreaterThanOrEqual(0);
      expect(diffTokenSequences(at(p, V), at(q, V)).positions[0]!.klTopK).toBeCloseTo(trueKl, 10);
    }
  });
});
