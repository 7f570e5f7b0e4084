import type { TokenAlt, TokenPosition } from "../schemas/tokens";

/**
 * Look-ups in one position's top-k list. Lists are short (k ≤ 20), so a linear scan beats building a
 * Map per position; nothing here allocates.
 */

type Alts = ReadonlyArray<TokenAlt> | null | undefined;

function finiteLogprob(alt: TokenAlt): number {
  const lp = alt.logprob;
  return typeof lp === "number" && Number.isFinite(lp) ? lp : Number.NaN;
}

export function indexOfId(alts: Alts, id: number): number {
  if (!alts) return -1;
  for (let i = 0; i < alts.length; i++) if ((alts[i] as TokenAlt).id === id) return i;
  return -1;
}

/**
 * 1-based competition rank of `id` among the finite logprobs of the list (ties share a rank), without
 * assuming the server sorted it. null when the id is absent, its logprob is missing, or there is no list.
 */
export function rankOf(alts: Alts, id: number | null): number | null {
  if (!alts || id === null) return null;
  const at = indexOfId(alts, id);
  if (at < 0) return null;
  const lp = finiteLogprob(alts[at] as TokenAlt);
  if (Number.isNaN(lp)) return null;
  let above = 0;
  for (const alt of alts) if (finiteLogprob(alt) > lp) above++;
  return above + 1;
}

/** Id with the highest finite logprob (first in server order on ties); null when there is none. */
export function argmaxOf(alts: Alts): number | null {
  if (!alts) return null;
  let best: number | null = null;
  let bestLp = Number.NEGATIVE_INFINITY;
  for (const alt of alts) {
    const lp = finiteLogprob(alt);
    if (lp > bestLp) {
      bestLp = lp;
      best = alt.id;
    }
  }
  return best;
}

/**
 * The logprob a position reports for `id` from any source (top-k, the sampled token, requested label
 * ids); NaN when the position does not know it.
 */
export function knownLogprob(pos: TokenPosition, id: number): number {
  const inTop = indexOfId(pos.top, id);
  if (inTop >= 0) {
    const lp = finiteLogprob((pos.top as TokenAlt[])[inTop] as TokenAlt);
    if (!Number.isNaN(lp)) return lp;
  }
  if (pos.id === id && typeof pos.logprob === "number" && Number.isFinite(pos.logprob)) return pos.logprob;
  const inLabels = indexOfId(pos.labels, id);
  if (inLabels >= 0) return finiteLogprob((pos.labels as TokenAlt[])[inLabels] as TokenAlt);
  return Number.NaN;
}
