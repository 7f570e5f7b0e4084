import { z } from "zod";
import type { BackendError } from "../../lib/schemas/backend";
import { malformed } from "./errors";

/**
 * The response shapes both dialects share (sglang-http-api.md §1.2, §2.3, §4), checked loosely:
 * unknown keys pass, and each logprob tuple `[logprob, id, text]` is validated when it is mapped.
 */
const Tuple = z.array(z.unknown());
const PerPosition = z.array(z.union([z.null(), z.array(Tuple)]));

export const GenerateMeta = z.looseObject({
  id: z.string().optional(),
  finish_reason: z.unknown().optional(),
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  input_token_logprobs: z.array(Tuple).optional(),
  input_top_logprobs: PerPosition.optional(),
  input_token_ids_logprobs: PerPosition.optional(),
  output_token_logprobs: z.array(Tuple).optional(),
  output_top_logprobs: PerPosition.optional(),
  output_token_ids_logprobs: PerPosition.optional(),
});
export type GenerateMeta = z.infer<typeof GenerateMeta>;

export const GenerateObject = z.looseObject({
  text: z.string().optional(),
  output_ids: z.array(z.number()).optional(),
  meta_info: GenerateMeta,
});
export type GenerateObject = z.infer<typeof GenerateObject>;

export const ScoreResponse = z.looseObject({
  scores: z.array(z.array(z.number().nullable())),
  usage: z.looseObject({ prompt_tokens: z.number().optional() }).nullable().optional(),
});

export const TokenizeResponse = z.looseObject({
  tokens: z.union([z.array(z.array(z.number().int())), z.array(z.number().int())]),
});

export const ModelList = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
});

/** A mid-stream error event: `{"error": {"message": …}}` (or a bare string). */
export const StreamErrorEvent = z.looseObject({
  error: z.union([z.string(), z.looseObject({ message: z.string() })]),
});

/** Validates `json` against a wire shape; a mismatch names the field path that is wrong. */
export function parseWire<T>(
  schema: z.ZodType<T>,
  json: unknown,
  what: string,
  status = 200,
): { ok: true; value: T } | { ok: false; error: BackendError } {
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(body)";
  const why = `answered ${status} but the body does not have the expected shape: ${path}: ${issue?.message ?? "invalid"}`;
  return { ok: false, error: malformed(what, why, JSON.stringify(json)?.slice(0, 2000) ?? null, status) };
}
