import type { DiffOptions, Tolerance } from "../schemas/diff";
import { coerceNonNegative } from "../stats/options";

export type NormalizedDiffOptions = { threshold: Tolerance | null };

/** Resolves diff options once, failing on a bad value before any position is touched. */
export function normalizeDiffOptions(opts: DiffOptions | undefined): NormalizedDiffOptions {
  const t = opts?.threshold;
  if (t === undefined || t === null) return { threshold: null };
  if (typeof t === "number") return { threshold: { atol: coerceNonNegative("threshold", t), rtol: 0 } };
  return {
    threshold: { atol: coerceNonNegative("threshold.atol", t.atol), rtol: coerceNonNegative("threshold.rtol", t.rtol) },
  };
}

/**
 * x ≤ bound, up to decimal round-off: 0.88 − 0.9 is 0.020000000000000018, and a reader who sees
 * "Δ 0.02, bound 0.02" expects a pass. The slack is 1e-12 of the bound, so a zero bound stays exact.
 */
export function atMost(x: number, bound: number): boolean {
  return x <= bound + Math.abs(bound) * 1e-12;
}

/** The allclose test: |a − b| ≤ atol + rtol·|b|. Shared by the diff marker and the atol-rtol rule. */
export function withinTolerance(a: number, b: number, tol: Tolerance): boolean {
  return atMost(Math.abs(a - b), tol.atol + tol.rtol * Math.abs(b));
}
