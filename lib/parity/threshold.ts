import type { Tolerance } from "../schemas/diff";
import type { ParityRule } from "../schemas/parity";
import { assertNever } from "./assertNever";

/**
 * The |Δ| bound a rule implies for the diff's "threshold" divergence marker, per part; null when the
 * rule has no per-position numeric bound (containment, scores).
 */
export function thresholdForRule(rule: ParityRule, part: "prompt" | "output"): Tolerance | null {
  switch (rule.name) {
    case "sglang-ci":
      return { atol: part === "prompt" ? rule.promptTolerance : rule.outputTolerance, rtol: 0 };
    case "atol-rtol":
      return { atol: rule.atol, rtol: rule.rtol };
    case "bitwise":
      return { atol: 0, rtol: 0 };
    case "topk-containment":
    case "score-gate":
      return null;
    default:
      return assertNever(rule);
  }
}
