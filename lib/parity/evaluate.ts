import type { Tolerance } from "../schemas/diff";
import { ParityRule, type ParityInput, type ParityRuleInput, type Verdict } from "../schemas/parity";
import { assertNever } from "./assertNever";
import { judgeBitwiseScores, judgeBitwiseTokens } from "./bitwise";
import { judgeContainment } from "./containment";
import { judgeScoreGate } from "./scoreGate";
import { thresholdForRule } from "./threshold";
import { judgeTolerance } from "./tolerance";
import { combineParts, paramsOf, resolveInput, sequencesOf } from "./verdict";

/**
 * Judges one run under one rule. The rule is validated (and defaulted) here, so a bad parameter throws
 * with zod's message: that is a configuration error, not a verdict. The verdict is tri-state:
 * "pass", "fail", or "n/a" when the run holds nothing the rule can judge (see ParityStatus).
 */
export function evaluateParity(ruleInput: ParityRuleInput, input: ParityInput): Verdict {
  const rule = ParityRule.parse(ruleInput);
  const run = resolveInput(input);
  const prompts = sequencesOf(run, "prompt");
  const output = sequencesOf(run, "output");
  const params = paramsOf(rule);
  switch (rule.name) {
    case "sglang-ci":
    case "atol-rtol":
      // the bound the diff's "threshold" markers use too (thresholdForRule): one derivation, no drift
      return combineParts(rule.name, params, [
        judgeTolerance("prompt", prompts, thresholdForRule(rule, "prompt") as Tolerance),
        judgeTolerance("output", output, thresholdForRule(rule, "output") as Tolerance),
      ]);
    case "topk-containment":
      return combineParts(rule.name, params, [judgeContainment("prompt", prompts), judgeContainment("output", output)]);
    case "bitwise":
      return combineParts(rule.name, params, [
        judgeBitwiseTokens("prompt", prompts),
        judgeBitwiseTokens("output", output),
        judgeBitwiseScores(run.scores),
      ]);
    case "score-gate":
      return combineParts(rule.name, params, [judgeScoreGate(run.scores, rule.maxAbs, rule.meanAbs)]);
    default:
      return assertNever(rule);
  }
}
