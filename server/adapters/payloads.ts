import type { GenerateRequest, PromptLogprobsRequest, SamplingParams, ScoreRequest } from "./types";

/**
 * Request bodies, built from the dialect's few knobs. Both dialects take the same field names; they
 * differ in defaults (return_text_in_logprobs: sglang false, jax true, so Studio always sends it),
 * in whether `model` is required, and in max_new_tokens for a prompt-only pass.
 */
export interface PayloadKnobs {
  /** 0 = prefill only (sglang since #8840); sglang-jax's own scoring path uses 1. */
  prefillMaxNewTokens: 0 | 1;
}

export function scoreBody(req: ScoreRequest, model: string | null): Record<string, unknown> {
  return {
    ...(model !== null ? { model } : {}),
    query: req.query,
    items: req.items,
    label_token_ids: req.labelIds,
    apply_softmax: req.applySoftmax,
    item_first: req.itemFirst,
  };
}

export function promptLogprobsBody(req: PromptLogprobsRequest, k: PayloadKnobs): Record<string, unknown> {
  return {
    input_ids: req.ids,
    sampling_params: { max_new_tokens: k.prefillMaxNewTokens, temperature: 0 },
    return_logprob: true,
    logprob_start_len: 0,
    top_logprobs_num: req.topK,
    ...(req.labelIds.length > 0 ? { token_ids_logprob: req.labelIds } : {}),
    return_text_in_logprobs: true,
  };
}

/** A text-form prompt pass whose only use is the ids the server echoes back. */
export function echoBody(text: string, k: PayloadKnobs): Record<string, unknown> {
  return {
    text,
    sampling_params: { max_new_tokens: k.prefillMaxNewTokens, temperature: 0 },
    return_logprob: true,
    logprob_start_len: 0,
    return_text_in_logprobs: true,
  };
}

function samplingBody(s: SamplingParams): Record<string, unknown> {
  return {
    max_new_tokens: s.maxNewTokens,
    temperature: s.temperature,
    ...(s.topP !== undefined ? { top_p: s.topP } : {}),
    ...(s.topK !== undefined ? { top_k: s.topK } : {}),
    ...(s.seed !== undefined ? { sampling_seed: s.seed } : {}),
    ...(s.stop && s.stop.length > 0 ? { stop: s.stop } : {}),
  };
}

/** How a benchmark's load may send a generate differently from the cell (BenchmarkSpec.logprobs, .ignoreEos). */
export interface LoadVariant {
  logprobs?: boolean;
  ignoreEos?: boolean;
}

/**
 * A streamed generate. A benchmark's load may drop the logprobs (`logprobs: false`, as bench_serving sends
 * requests) and run every request to max_new_tokens (`ignoreEos`, bench_serving's default).
 */
export function generateBody(req: GenerateRequest, load: LoadVariant = {}): Record<string, unknown> {
  const logprobs = load.logprobs ?? true;
  return {
    input_ids: req.ids,
    sampling_params: { ...samplingBody(req.sampling), ...(load.ignoreEos ? { ignore_eos: true } : {}) },
    stream: true,
    ...(logprobs ? { return_logprob: true, top_logprobs_num: req.topLogprobs, return_text_in_logprobs: true } : {}),
  };
}
