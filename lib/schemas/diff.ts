import { z } from "zod";

/**
 * Wire types of the token-level and score diffs (lib/diff). "A" and "B" are the two backends of a cell;
 * every Δ is B − A. A null number means "missing" (no logprob, NaN/±inf, or no position on that side):
 * it is counted, never turned into 0.
 */

const num = z.number();
const maybeNum = z.number().nullable();
const maybeInt = z.number().int().nullable();
const count = z.number().int().nonnegative();

/** |a − b| ≤ atol + rtol·|b| is "within"; sglang-ci is {atol: 0.05, rtol: 0}, bitwise {0, 0}. */
export const Tolerance = z.object({
  atol: z.number().nonnegative(),
  rtol: z.number().nonnegative(),
});
export type Tolerance = z.infer<typeof Tolerance>;

/** Options of diffTokenSequences. A bare number as threshold means {atol: n, rtol: 0}. */
export const DiffOptions = z.object({
  threshold: z.union([z.number().nonnegative(), Tolerance]).nullable().optional(),
});
export type DiffOptions = z.input<typeof DiffOptions>;

/** One position of the diff. Ranks are 1-based (1 = the side's own top-1). */
export const PositionDiff = z.object({
  index: count,
  idA: maybeInt,
  idB: maybeInt,
  textA: z.string().nullable(),
  textB: z.string().nullable(),
  lpA: maybeNum,
  lpB: maybeNum,
  /** lpB − lpA; null when either is missing. */
  delta: maybeNum,
  absDelta: maybeNum,
  /** Rank of the side's own token within its own top-k; null when not in it or no top-k. */
  rankA: maybeInt,
  rankB: maybeInt,
  /** Id with the highest finite logprob in the side's top-k. */
  argmaxA: maybeInt,
  argmaxB: maybeInt,
  argmaxAgree: z.boolean().nullable(),
  /** A's token is in B's top-k (null when B has no top-k or A has no token here). */
  aInTopB: z.boolean().nullable(),
  bInTopA: z.boolean().nullable(),
  /** idA ≠ idB, including one side having no position here (different lengths). */
  tokenMismatch: z.boolean(),
  /** |Δ| breaks the threshold option; null when no threshold was given or Δ is missing. */
  overThreshold: z.boolean().nullable(),
  /** KL(A‖B) at this position over the shared known tokens + "other" (see summary.klTopK). */
  klTopK: maybeNum,
});
export type PositionDiff = z.infer<typeof PositionDiff>;

export const DivergenceReason = z.enum(["token", "argmax", "threshold"]);
export type DivergenceReason = z.infer<typeof DivergenceReason>;

export const FirstDivergence = z.object({ position: count, reason: DivergenceReason });
export type FirstDivergence = z.infer<typeof FirstDivergence>;

/** Mean of a per-position quantity, with how many positions it averaged over. */
export const MeanOver = z.object({ mean: maybeNum, max: maybeNum, n: count });
export type MeanOver = z.infer<typeof MeanOver>;

export const TokenDiffSummary = z.object({
  /** Positions in the diff = max(lengthA, lengthB). */
  n: count,
  lengthA: count,
  lengthB: count,
  /** Positions where both logprobs are present (Δ defined). */
  compared: count,
  missing: z.object({
    /** Either side missing (= n − compared). */
    either: count,
    both: count,
    aOnly: count,
    bOnly: count,
  }),
  /** NaN/±inf logprobs met in the inputs (already counted as missing). */
  nonFinite: count,
  tokenMismatches: count,
  maxAbsDelta: z.object({ value: num, position: count }).nullable(),
  meanAbsDelta: maybeNum,
  /** Fraction of positions with both top-k lists where the top-1 ids agree; null if none. */
  argmaxAgreement: maybeNum,
  argmaxCompared: count,
  firstDivergence: FirstDivergence.nullable(),
  threshold: Tolerance.nullable(),
  /**
   * KL(A‖B) per position, averaged. Buckets are the tokens whose logprob BOTH sides report (top-k,
   * sampled token, label ids) plus one "other" bucket holding each side's remaining mass. Merging
   * tokens can only lose information, so this is a lower bound on the true per-position KL.
   * Needs both top-k lists at the position.
   */
  klTopK: MeanOver,
  /**
   * Schulman's k3 estimator on the sampled tokens: mean of r − 1 − log r with r = exp(lpB − lpA), over
   * positions where both sides have the same token and both logprobs. Unbiased for KL(A‖B) only when
   * the tokens were sampled from A; on teacher-forced or greedy tokens read it as a divergence score.
   */
  k3: MeanOver,
});
export type TokenDiffSummary = z.infer<typeof TokenDiffSummary>;

export const TokenDiff = z.object({
  positions: z.array(PositionDiff),
  summary: TokenDiffSummary,
});
export type TokenDiff = z.infer<typeof TokenDiff>;

/** One item of a /v1/score diff; labels are columns of the score matrix. */
export const ScoreItemDiff = z.object({
  item: count,
  /** Both sides' scores per label as compared (null = missing, including NaN/±inf). */
  a: z.array(maybeNum),
  b: z.array(maybeNum),
  /** scoreB − scoreA per label; null when either is missing. */
  deltas: z.array(maybeNum),
  maxAbsDelta: maybeNum,
  /** Index of the highest-scoring label; null when any label of the row is missing on that side. */
  argmaxA: maybeInt,
  argmaxB: maybeInt,
  argmaxAgree: z.boolean().nullable(),
  missing: count,
});
export type ScoreItemDiff = z.infer<typeof ScoreItemDiff>;

export const ScoreDiff = z.object({
  items: z.array(ScoreItemDiff),
  summary: z.object({
    itemsA: count,
    itemsB: count,
    /** Item×label entries considered (over the larger shape). */
    entries: count,
    compared: count,
    missing: z.object({ either: count, both: count, aOnly: count, bOnly: count }),
    maxAbsDelta: z.object({ value: num, item: count, label: count }).nullable(),
    meanAbsDelta: maybeNum,
    argmaxAgreement: maybeNum,
    argmaxCompared: count,
  }),
});
export type ScoreDiff = z.infer<typeof ScoreDiff>;
