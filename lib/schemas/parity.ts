import { z } from "zod";
import { ScoreDiff, TokenDiff } from "./diff";

/**
 * Parity rules (DESIGN.md "Parity rules") and their verdicts. Parameters have the defaults of the tests
 * each rule comes from, so `ParityRule.parse({name: "atol-rtol"})` is a complete rule.
 */

const tol = (d: number) => z.number().nonnegative().default(d);

export const SglangCiRule = z.strictObject({
  name: z.literal("sglang-ci"),
  /** SGLang's prefill_tolerance: bound on |Δ| over prompt (teacher-forced) positions. */
  promptTolerance: tol(0.05),
  /** SGLang's decode_tolerance: bound on |Δ| over generated positions. */
  outputTolerance: tol(0.05),
});

export const AtolRtolRule = z.strictObject({
  name: z.literal("atol-rtol"),
  atol: tol(1e-2),
  rtol: tol(1e-2),
});

export const TopkContainmentRule = z.strictObject({ name: z.literal("topk-containment") });

export const BitwiseRule = z.strictObject({ name: z.literal("bitwise") });

export const ScoreGateRule = z.strictObject({
  name: z.literal("score-gate"),
  maxAbs: tol(0.02),
  meanAbs: tol(0.01),
});

export const ParityRule = z.discriminatedUnion("name", [
  SglangCiRule,
  AtolRtolRule,
  TopkContainmentRule,
  BitwiseRule,
  ScoreGateRule,
]);
export type ParityRule = z.infer<typeof ParityRule>;
export type ParityRuleInput = z.input<typeof ParityRule>;

export const ParityRuleName = z.enum(["sglang-ci", "atol-rtol", "topk-containment", "bitwise", "score-gate"]);
export type ParityRuleName = z.infer<typeof ParityRuleName>;

/** What a rule judges: per-item prompt diffs, the generated output's diff, and/or the score diff. */
export const ParityInput = z.object({
  prompts: z.array(TokenDiff).default([]),
  output: TokenDiff.nullable().default(null),
  scores: ScoreDiff.nullable().default(null),
});
export type ParityInput = z.input<typeof ParityInput>;

/**
 * Tri-state on purpose: "n/a" means the rule had nothing of its kind to judge (score-gate on a generate
 * cell). It is not a pass, and gates treat it as not passing. Data that exists but is missing (null
 * logprobs) is never "n/a": a rule with nothing comparable fails and says how much was missing.
 */
export const ParityStatus = z.enum(["pass", "fail", "n/a"]);
export type ParityStatus = z.infer<typeof ParityStatus>;

export const ParityPart = z.enum(["prompt", "output", "scores"]);
export type ParityPart = z.infer<typeof ParityPart>;

/** The value a reason names: the worst (or, for bitwise/containment, the first) offending entry. */
export const ParityOffender = z.object({
  part: ParityPart,
  /** Prompt item or score item; null for the generated output. */
  item: z.number().int().nonnegative().nullable(),
  /** Token position; null for scores. */
  position: z.number().int().nonnegative().nullable(),
  /** Score label column; null for tokens. */
  label: z.number().int().nonnegative().nullable(),
  text: z.string().nullable(),
  a: z.number().nullable(),
  b: z.number().nullable(),
  delta: z.number().nullable(),
});
export type ParityOffender = z.infer<typeof ParityOffender>;

export const PartVerdict = z.object({
  part: ParityPart,
  status: ParityStatus,
  reason: z.string(),
  checked: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  worst: ParityOffender.nullable(),
});
export type PartVerdict = z.infer<typeof PartVerdict>;

export const Verdict = z.object({
  rule: ParityRuleName,
  params: z.record(z.string(), z.number()),
  status: ParityStatus,
  /** Human sentences: the worst offender (item, position, both values) and how much was missing. */
  reason: z.string(),
  /** Values compared (positions or score entries). */
  checked: z.number().int().nonnegative(),
  /** Values that could not be compared (missing on one or both sides, or past the shorter side). */
  missing: z.number().int().nonnegative(),
  parts: z.array(PartVerdict),
  /** The offender the reason leads with: from the first failing part, else the first judged part. */
  worst: ParityOffender.nullable(),
});
export type Verdict = z.infer<typeof Verdict>;
