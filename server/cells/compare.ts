import { diffScores } from "../../lib/diff/scores";
import { diffTokenSequences } from "../../lib/diff/tokens";
import { evaluateParity } from "../../lib/parity/evaluate";
import type { CellDiff, CellRunResult, SideResult, TokenDiffTotals } from "../../lib/schemas/cellRun";
import { thresholdForRule } from "../../lib/parity/threshold";
import type { Tolerance, TokenDiff } from "../../lib/schemas/diff";
import { ParityRule, type ParityRuleInput, type Verdict } from "../../lib/schemas/parity";

/**
 * Pure: turns two sides' kept data (scores, token sequences) into diffs and a verdict. Because the
 * raw sequences stay in the result, switching the rule re-derives everything without re-running.
 * (No I/O here; it could move to lib/ if the browser ever needs it.)
 */

/** The |Δ| bound a rule marks positions with in the diff view, per part (null: the rule has none). */
export function thresholds(rule: ParityRule): { prompt: Tolerance | null; output: Tolerance | null } {
  return { prompt: thresholdForRule(rule, "prompt"), output: thresholdForRule(rule, "output") };
}

function hasData(kind: CellRunResult["kind"], s: SideResult): boolean {
  return kind === "score" ? s.scores !== null || s.items.some((i) => i.ok) : s.output !== null;
}

/** Folds per-sequence summaries into run totals; means are weighted by what each sequence compared. */
export function tokenTotals(seqs: { item: number | null; diff: TokenDiff }[]): TokenDiffTotals {
  let compared = 0;
  let missing = 0;
  let max: number | null = null;
  let sumAbs = 0;
  let argmaxAgreed = 0;
  let argmaxCompared = 0;
  let firstDivergence: TokenDiffTotals["firstDivergence"] = null;
  for (const { item, diff } of seqs) {
    const s = diff.summary;
    compared += s.compared;
    missing += s.missing.either;
    if (s.maxAbsDelta && (max === null || s.maxAbsDelta.value > max)) max = s.maxAbsDelta.value;
    if (s.meanAbsDelta !== null) sumAbs += s.meanAbsDelta * s.compared;
    if (s.argmaxAgreement !== null) {
      argmaxAgreed += s.argmaxAgreement * s.argmaxCompared;
      argmaxCompared += s.argmaxCompared;
    }
    if (!firstDivergence && s.firstDivergence) firstDivergence = { item, ...s.firstDivergence };
  }
  return {
    sequences: seqs.length,
    compared,
    missing,
    maxAbsDiff: max,
    meanAbsDiff: compared > 0 ? sumAbs / compared : null,
    argmaxAgreement: argmaxCompared > 0 ? argmaxAgreed / argmaxCompared : null,
    firstDivergence,
  };
}

export function compareSides(
  kind: CellRunResult["kind"],
  a: SideResult,
  b: SideResult,
  ruleInput: ParityRuleInput,
): { diff: CellDiff | null; verdict: Verdict } {
  const rule = ParityRule.parse(ruleInput);
  const failedSides = [a, b].filter((s) => !hasData(kind, s));
  if (failedSides.length > 0) {
    const why = failedSides.map((s) => `${s.side.toUpperCase()} gave nothing to compare (${s.error?.message ?? "no data"})`).join("; ");
    const empty = evaluateParity(rule, {});
    return { diff: null, verdict: { ...empty, reason: `${why}.` } };
  }
  const t = thresholds(rule);
  // A failed item on one side is compared against nothing: its positions count as missing, never as 0.
  const prompts =
    kind === "score"
      ? Array.from({ length: Math.max(a.items.length, b.items.length) }, (_, i) =>
          diffTokenSequences(a.items[i]?.tokens ?? [], b.items[i]?.tokens ?? [], { threshold: t.prompt }),
        )
      : [];
  const output = a.output && b.output ? diffTokenSequences(a.output.tokens, b.output.tokens, { threshold: t.output }) : null;
  const scores = a.scores && b.scores ? diffScores(a.scores, b.scores) : null;
  const seqs = output ? [{ item: null, diff: output }] : prompts.map((diff, item) => ({ item, diff }));
  const diff: CellDiff = { scores, prompts, output, tokens: tokenTotals(seqs) };
  return { diff, verdict: evaluateParity(rule, { prompts, output, scores }) };
}

/** The same run judged by another rule (diff markers follow the rule's threshold). No request is sent. */
export function recomputeVerdict(result: CellRunResult, ruleInput: ParityRuleInput): CellRunResult {
  const rule = ParityRule.parse(ruleInput);
  if (result.input === null) return { ...result, rule };
  const { diff, verdict } = compareSides(result.kind, result.a, result.b, rule);
  return { ...result, rule, diff, verdict };
}
