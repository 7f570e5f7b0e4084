import type { ParityRuleName } from "../schemas/parity";

/** Hover definitions for the UI: what each rule checks and whose practice it follows. */
export type ParityRuleInfo = { name: ParityRuleName; definition: string; source: string };

export const PARITY_RULES: Readonly<Record<ParityRuleName, ParityRuleInfo>> = {
  "sglang-ci": {
    name: "sglang-ci",
    definition: "Same tokens, and every |Δlogprob| ≤ 0.05, judged separately for prompt and output.",
    source: "SGLang's own model tests",
  },
  "atol-rtol": {
    name: "atol-rtol",
    definition: "Same tokens, and |a−b| ≤ atol + rtol·|b| at every position (defaults atol 0.01, rtol 0.01).",
    source: "numpy/torch allclose",
  },
  "topk-containment": {
    name: "topk-containment",
    definition: "At the first token mismatch, each side's token is in the other's top-k; passes if none.",
    source: "vLLM's model tests",
  },
  bitwise: {
    name: "bitwise",
    definition: "Identical tokens, logprobs and scores; a missing value must be missing on both sides.",
    source: "batch-invariance tests",
  },
  "score-gate": {
    name: "score-gate",
    definition: "max |Δscore| ≤ 0.02 and mean |Δscore| ≤ 0.01 over all items and labels.",
    source: "cross-backend Score API methodology",
  },
};
