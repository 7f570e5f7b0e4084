import type { Dialect } from "../../../lib/schemas/dialect";

/** The small behavioural differences between the two servers, as data (see sglang-http-api.md §5). */
export interface DialectProfile {
  dialect: Dialect;
  /** [S] false → tuples [lp, id, null]; [J] true → [lp, id, "text"] */
  returnTextInLogprobsDefault: boolean;
  /** first input-logprob index for logprob_start_len = -1: [S] len (→ []), [J] len-1 (→ one null entry) */
  defaultLogprobStart(promptLength: number): number;
  missingInputMessage: string;
  bothInputsMessage: string;
  /** the internal /v1/score generation: [S] prefill-only (0), [J] one token */
  scoreMaxNewTokens: 0 | 1;
  scoreMissingLabelsMessage: string;
  /** [J] ScoringRequest.model has no default */
  scoreModelRequired: boolean;
}

export const SGLANG_PROFILE: DialectProfile = {
  dialect: "sglang",
  returnTextInLogprobsDefault: false,
  defaultLogprobStart: (n) => n,
  missingInputMessage: "Either text, input_ids or input_embeds should be provided.",
  bothInputsMessage: "Either text, input_ids or input_embeds should be provided.",
  scoreMaxNewTokens: 0,
  scoreMissingLabelsMessage: "label_token_ids is required for generation (CausalLM) models.",
  scoreModelRequired: false,
};

export const JAX_PROFILE: DialectProfile = {
  dialect: "sglang-jax",
  returnTextInLogprobsDefault: true,
  defaultLogprobStart: (n) => n - 1,
  missingInputMessage: "At least one of text, input_ids, or image should be provided",
  bothInputsMessage: "text and input_ids should not be provided at the same time",
  scoreMaxNewTokens: 1,
  scoreMissingLabelsMessage: "label_token_ids must be provided",
  scoreModelRequired: true,
};
