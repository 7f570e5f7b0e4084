import type { Logprob, TokenAlt, TokenPosition, TokenSequence } from "../../lib/schemas/tokens";
import type { FinishReason, NextToken } from "./types";
import type { GenerateMeta } from "./wire";

/**
 * Maps the servers' logprob tuples `[logprob, token_id, text_or_null]` into Studio's TokenSequence.
 * A logprob that is null, NaN or ±inf becomes null (missing), never 0.
 */
export function toLogprob(v: unknown): Logprob {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** /v1/score's rows, each score through toLogprob: a null, NaN or ±inf score is missing, never 0. */
export function toScoreMatrix(rows: unknown[][]): (number | null)[][] {
  return rows.map((row) => row.map(toLogprob));
}

export function toAlt(tuple: unknown): TokenAlt | null {
  if (!Array.isArray(tuple)) return null;
  const [lp, id, text] = tuple as unknown[];
  if (typeof id !== "number" || !Number.isInteger(id)) return null;
  return { id, text: typeof text === "string" ? text : null, logprob: toLogprob(lp) };
}

function toAlts(list: unknown): TokenAlt[] | null {
  if (!Array.isArray(list)) return null;
  return list.map(toAlt).filter((a): a is TokenAlt => a !== null);
}

/**
 * Zips the three per-position lists of one segment (input_* or output_*) into positions.
 * `tokens` decides the length; top-k and label lists are matched by index and may be absent.
 */
export function toPositions(
  tokens: unknown[] | undefined,
  top: (unknown[] | null)[] | undefined,
  labels: (unknown[] | null)[] | undefined,
): TokenSequence {
  const out: TokenPosition[] = [];
  (tokens ?? []).forEach((t, i) => {
    const alt = toAlt(t);
    if (!alt) return;
    const pos: TokenPosition = { ...alt, top: toAlts(top?.[i] ?? null) };
    if (labels) pos.labels = toAlts(labels[i] ?? null);
    out.push(pos);
  });
  return out;
}

export function promptPositions(meta: GenerateMeta): TokenSequence {
  const seq = toPositions(meta.input_token_logprobs, meta.input_top_logprobs, meta.input_token_ids_logprobs);
  // Nothing predicts the first prompt token: both servers pad it with null; keep that even if a server doesn't.
  if (seq[0]) seq[0] = { ...seq[0], logprob: null };
  return seq;
}

export function outputPositions(meta: GenerateMeta): TokenSequence {
  return toPositions(meta.output_token_logprobs, meta.output_top_logprobs, meta.output_token_ids_logprobs);
}

/** The next-token distribution after the prompt (output position 0), when the server sent one. */
export function nextToken(meta: GenerateMeta): NextToken | null {
  const top = toAlts(meta.output_top_logprobs?.[0] ?? null);
  const labels = toAlts(meta.output_token_ids_logprobs?.[0] ?? null);
  return top || labels ? { top, labels } : null;
}

/** `{"type":"length","length":N}`, `{"type":"stop","matched":…}`, `{"type":"abort","message":…}` → words. */
export function toFinishReason(v: unknown): FinishReason | null {
  if (typeof v !== "object" || v === null) return typeof v === "string" ? { type: v, detail: null } : null;
  const o = v as Record<string, unknown>;
  const type = typeof o.type === "string" ? o.type : "unknown";
  const raw = o.matched ?? o.length ?? o.message ?? null;
  const detail = typeof raw === "string" || typeof raw === "number" ? raw : null;
  return { type, detail };
}

/**
 * Whether a stream chunk of `n` positions is a delta (sglang --incremental-streaming-output) rather than
 * the whole answer so far (the default): it holds fewer than the server's cumulative count `total` and
 * extends the `held` positions to exactly that.
 */
export function isDeltaChunk(held: number, n: number, total: number | null): boolean {
  return total !== null && n < total && held + n === total;
}

/** Output ids without logprob lists (return_logprob ignored or not asked): the tokens, their logprobs missing (never 0). */
export function idsAsPositions(ids: ReadonlyArray<number>): TokenSequence {
  return ids.map((id) => ({ id, text: null, logprob: null, top: null }));
}

export function toCount(v: unknown): number | null {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : null;
}
