import type {
  DiffOptions,
  FirstDivergence,
  PositionDiff,
  Tolerance,
  TokenDiff,
  TokenDiffSummary,
} from "../schemas/diff";
import type { TokenPosition, TokenSequence } from "../schemas/tokens";
import { finiteOrNull, RunningSum } from "../stats/numbers";
import { k3Term, klTopKAt } from "./kl";
import { normalizeDiffOptions, withinTolerance } from "./options";
import { argmaxOf, indexOfId, rankOf } from "./topk";

/**
 * Aligns two sequences position by position (teacher-forced prompts share ids; generated outputs are
 * compared index by index, and `tokenMismatch` says where they stop being the same text) and measures
 * how far B's logprobs are from A's. Missing logprobs (null, NaN, ±inf, or no position) stay null and
 * are counted; they never enter a mean as 0.
 */
export function diffTokenSequences(a: TokenSequence, b: TokenSequence, opts?: DiffOptions): TokenDiff {
  const { threshold } = normalizeDiffOptions(opts);
  const n = Math.max(a.length, b.length);
  const positions: PositionDiff[] = new Array(n);
  const acc = new SummaryAccumulator();
  for (let i = 0; i < n; i++) {
    const p = diffPosition(i, a[i], b[i], threshold);
    positions[i] = p;
    acc.add(p, nonFiniteCount(a[i]) + nonFiniteCount(b[i]));
  }
  return { positions, summary: acc.finish(a.length, b.length, threshold) };
}

function nonFiniteCount(pos: TokenPosition | undefined): number {
  const lp = pos?.logprob;
  return typeof lp === "number" && !Number.isFinite(lp) ? 1 : 0;
}

function diffPosition(
  index: number,
  a: TokenPosition | undefined,
  b: TokenPosition | undefined,
  threshold: Tolerance | null,
): PositionDiff {
  const idA = a ? a.id : null;
  const idB = b ? b.id : null;
  const lpA = finiteOrNull(a?.logprob);
  const lpB = finiteOrNull(b?.logprob);
  const delta = lpA !== null && lpB !== null ? lpB - lpA : null;
  const argmaxA = argmaxOf(a?.top);
  const argmaxB = argmaxOf(b?.top);
  return {
    index,
    idA,
    idB,
    textA: a ? a.text : null,
    textB: b ? b.text : null,
    lpA,
    lpB,
    delta,
    absDelta: delta === null ? null : Math.abs(delta),
    rankA: rankOf(a?.top, idA),
    rankB: rankOf(b?.top, idB),
    argmaxA,
    argmaxB,
    argmaxAgree: argmaxA !== null && argmaxB !== null ? argmaxA === argmaxB : null,
    aInTopB: idA !== null && b?.top ? indexOfId(b.top, idA) >= 0 : null,
    bInTopA: idB !== null && a?.top ? indexOfId(a.top, idB) >= 0 : null,
    tokenMismatch: idA !== idB,
    overThreshold: threshold && lpA !== null && lpB !== null ? !withinTolerance(lpA, lpB, threshold) : null,
    klTopK: a && b ? klTopKAt(a, b) : null,
  };
}

/** Folds positions into the summary in one pass, keeping only running numbers. */
class SummaryAccumulator {
  private absDelta = new RunningSum();
  private missingBoth = 0;
  private missingAOnly = 0;
  private missingBOnly = 0;
  private nonFinite = 0;
  private tokenMismatches = 0;
  private maxAbs: { value: number; position: number } | null = null;
  private argmaxAgreed = 0;
  private argmaxCompared = 0;
  private firstDivergence: FirstDivergence | null = null;
  private kl = new RunningSum();
  private k3 = new RunningSum();

  add(p: PositionDiff, nonFinite: number): void {
    this.nonFinite += nonFinite;
    if (p.tokenMismatch) this.tokenMismatches++;
    if (p.absDelta !== null) {
      this.absDelta.add(p.absDelta);
      if (this.maxAbs === null || p.absDelta > this.maxAbs.value) this.maxAbs = { value: p.absDelta, position: p.index };
    } else if (p.lpA === null && p.lpB === null) this.missingBoth++;
    else if (p.lpA === null) this.missingAOnly++;
    else this.missingBOnly++;
    if (p.argmaxAgree !== null) {
      this.argmaxCompared++;
      if (p.argmaxAgree) this.argmaxAgreed++;
    }
    if (p.klTopK !== null) this.kl.add(p.klTopK);
    if (!p.tokenMismatch && p.lpA !== null && p.lpB !== null) this.k3.add(k3Term(p.lpA, p.lpB));
    if (this.firstDivergence === null) {
      const reason = p.tokenMismatch
        ? "token"
        : p.argmaxAgree === false
          ? "argmax"
          : p.overThreshold === true
            ? "threshold"
            : null;
      if (reason) this.firstDivergence = { position: p.index, reason };
    }
  }

  finish(lengthA: number, lengthB: number, threshold: Tolerance | null): TokenDiffSummary {
    const n = Math.max(lengthA, lengthB);
    const compared = this.absDelta.n;
    return {
      n,
      lengthA,
      lengthB,
      compared,
      missing: {
        either: n - compared,
        both: this.missingBoth,
        aOnly: this.missingAOnly,
        bOnly: this.missingBOnly,
      },
      nonFinite: this.nonFinite,
      tokenMismatches: this.tokenMismatches,
      maxAbsDelta: this.maxAbs,
      meanAbsDelta: this.absDelta.meanMax().mean,
      argmaxAgreement: this.argmaxCompared > 0 ? this.argmaxAgreed / this.argmaxCompared : null,
      argmaxCompared: this.argmaxCompared,
      firstDivergence: this.firstDivergence,
      threshold,
      klTopK: this.kl.meanMax(),
      k3: this.k3.meanMax(),
    };
  }
}
