import type { TokenPosition, TokenSequence } from "../../../lib/schemas/tokens";

/** Compact builders for token positions in tests: pos(id, logprob, [[topId, topLogprob], …]). */
export function pos(id: number, logprob: number | null, top: [number, number | null][] | null = null, text?: string): TokenPosition {
  return {
    id,
    text: text ?? `t${id}`,
    logprob,
    top: top === null ? null : top.map(([tid, lp]) => ({ id: tid, text: `t${tid}`, logprob: lp })),
  };
}

/** A sequence of ids whose logprobs come from `lps` (null = missing), with top-1 = the token itself. */
export function seq(ids: number[], lps: (number | null)[]): TokenSequence {
  return ids.map((id, i) => {
    const lp = lps[i] ?? null;
    return pos(id, lp, lp === null ? null : [[id, lp], [id + 1000, lp - 2]]);
  });
}
