import { z } from "zod";

/**
 * A logprob as Studio sees it after normalisation: a finite number, or null when the server gave none
 * (the first prompt position), or gave null/NaN/±inf (orjson turns non-finite values into null).
 * Never coerce null to 0: a missing value is counted as missing by the diff.
 */
export const Logprob = z.number().nullable();
export type Logprob = z.infer<typeof Logprob>;

/** One entry of a top-k list or of a `token_ids_logprob` list. */
export const TokenAlt = z.object({
  id: z.number().int(),
  text: z.string().nullable(),
  logprob: Logprob,
});
export type TokenAlt = z.infer<typeof TokenAlt>;

/**
 * One position of a teacher-forced prompt or a generated output.
 * `logprob` is the logprob of the token `id` at this position; `top` is the server's top-k at this
 * position (null when the server gave none); `labels` the logprobs of requested ids (token_ids_logprob).
 */
export const TokenPosition = z.object({
  id: z.number().int(),
  text: z.string().nullable(),
  logprob: Logprob,
  top: z.array(TokenAlt).nullable(),
  labels: z.array(TokenAlt).nullable().optional(),
});
export type TokenPosition = z.infer<typeof TokenPosition>;

export const TokenSequence = z.array(TokenPosition);
export type TokenSequence = z.infer<typeof TokenSequence>;
