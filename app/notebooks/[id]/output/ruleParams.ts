import type { ParityRuleName } from "../../../../lib/schemas/parity";

/** The editable parameters of each parity rule, in the order the switcher shows them. */
export type RuleParam = { key: string; label: string; help: string };

export const RULE_PARAMS: Readonly<Record<ParityRuleName, readonly RuleParam[]>> = {
  "sglang-ci": [
    { key: "promptTolerance", label: "prompt tolerance", help: "Bound on |Δlogprob| over prompt (teacher-forced) positions; SGLang's prefill_tolerance." },
    { key: "outputTolerance", label: "output tolerance", help: "Bound on |Δlogprob| over generated positions; SGLang's decode_tolerance." },
  ],
  "atol-rtol": [
    { key: "atol", label: "atol", help: "Absolute tolerance in |a−b| ≤ atol + rtol·|b|." },
    { key: "rtol", label: "rtol", help: "Relative tolerance in |a−b| ≤ atol + rtol·|b|." },
  ],
  "topk-containment": [],
  bitwise: [],
  "score-gate": [
    { key: "maxAbs", label: "max |Δscore|", help: "Largest allowed |Δscore| over all items and labels." },
    { key: "meanAbs", label: "mean |Δscore|", help: "Largest allowed mean |Δscore| over all items and labels." },
  ],
};
