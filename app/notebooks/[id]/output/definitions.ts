/**
 * The hover text of every number the output shows ("every number shown has a definition one hover
 * away"). One place, so the table, the strip, the plot and the header say the same thing.
 */
export const DEFINITIONS = {
  logprob: "Log-probability the backend gave this token at this position (natural log). Missing when the server sent none (the first prompt token), or sent null/NaN/±inf.",
  delta: "Δ = B − A: side B's logprob of the token at this position minus side A's. Negative means B finds the token less likely than A does. Missing when either side has no logprob.",
  absDelta: "|Δ| = |B − A| at this position; the colour of the token follows it.",
  maxAbsDelta: "Largest |Δ| = |B − A| over every position where both sides have a logprob.",
  meanAbsDelta: "Mean |Δ| over the positions where both sides have a logprob. Missing positions are left out, never counted as 0.",
  argmaxAgreement: "Share of positions (where both sides sent a top-k list) whose top-1 token is the same on both sides.",
  klTopK: "KL(A‖B) estimate per position, averaged. Buckets: every token whose logprob both sides report (top-k, sampled token, label ids) plus one 'other' bucket with the rest of each side's mass. Merging tokens can only lower KL, so this is a lower bound. Needs both top-k lists.",
  k3: "Schulman's k3 estimator of KL(A‖B): mean of r − 1 − log r with r = exp(Δ), over positions where both sides have the same token and both logprobs. Unbiased only for tokens sampled from A; on teacher-forced or greedy tokens read it as a divergence score.",
  klAtPosition: "KL(A‖B) at this position over the tokens both sides report plus an 'other' bucket (a lower bound).",
  missing: "Positions where at least one side has no logprob: the first prompt token, a null/NaN/±inf from the server, or a position past the end of the shorter side. Counted, never treated as 0.",
  compared: "Positions where both sides have a logprob, so Δ is defined.",
  tokenMismatches: "Positions where the two sides have different token ids (or one side has no token there).",
  firstDivergence: "First position where the tokens differ, the top-1 (argmax) token differs, or |Δ| breaks the current rule's tolerance.",
  rank: "Rank of the side's own token in its own top-k list (1 = its top choice; ties share a rank). 'not in top-k' when the list does not hold it.",
  otherLogprob: "The other side's logprob for the same token id, when it reported one (top-k, sampled token or label ids).",
  score: "Score from /v1/score for this item and label. With apply_softmax: the label's share of probability among the labels; without: exp(logprob) of the label token over the whole vocabulary.",
  scoreDelta: "Δscore = B − A for this item and label. Missing when either side has no score.",
  maxAbsScore: "Largest |Δscore| = |B − A| over all items and labels.",
  meanAbsScore: "Mean |Δscore| over all item × label entries both sides scored.",
  scoreArgmax: "Share of items whose highest-scoring label is the same on both sides.",
  latency: "Send → last byte of the side's main call (/v1/score, or the /generate stream), measured by the studio server.",
  ttft: "Time to first token: send → the first streamed chunk that carried a generated token.",
  headers: "Send → status line and headers received.",
  firstByte: "Send → first body byte received.",
  lastByte: "Send → last body byte received (or the moment the call failed).",
  runDuration: "Whole run, as the studio server measured it: identity, tokenization, both sides, and the diff.",
  promptTokens: "Prompt tokens as the server counted them (meta_info.prompt_tokens).",
  completionTokens: "Output tokens as the server counted them (meta_info.completion_tokens), not by counting stream chunks.",
  finishReason: "Why generation stopped, as the server reported it (length = hit max new tokens, stop = stop string or EOS).",
  liveTokens: "Token positions received on the stream so far.",
} as const;

export type DefinitionKey = keyof typeof DEFINITIONS;

/** Why the strip marks the first divergence where it does. */
export const DIVERGENCE_REASONS: Readonly<Record<string, string>> = {
  token: "the two sides' tokens differ",
  argmax: "the two sides' top-1 tokens differ",
  threshold: "|Δ| breaks the rule's tolerance",
};
