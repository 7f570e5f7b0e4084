import type { LogprobSpec, PositionLogprobs, TokenLogprob } from "./types";

/** The k most likely tokens, best first; ties go to the smaller id. */
export function topK(lp: Float32Array, k: number): TokenLogprob[] {
  const n = Math.min(k, lp.length);
  const ids = new Int32Array(n);
  const vals = new Float32Array(n).fill(-Infinity);
  let filled = 0;
  for (let i = 0; i < lp.length; i++) {
    const v = lp[i]!;
    if (filled === n && v <= vals[n - 1]!) continue;
    let j = filled < n ? filled++ : n - 1;
    while (j > 0 && vals[j - 1]! < v) {
      vals[j] = vals[j - 1]!;
      ids[j] = ids[j - 1]!;
      j--;
    }
    vals[j] = v;
    ids[j] = i;
  }
  const out: TokenLogprob[] = [];
  for (let i = 0; i < filled; i++) out.push([vals[i]!, ids[i]!]);
  return out;
}

/** What the client asked to see at one position whose next-token distribution is `lp`. */
export function recordPosition(lp: Float32Array, tokenId: number, spec: LogprobSpec): PositionLogprobs {
  return {
    token: [lp[tokenId]!, tokenId],
    top: spec.topN > 0 ? topK(lp, spec.topN) : null,
    ids: spec.tokenIds ? spec.tokenIds.map((id): TokenLogprob => [lp[id]!, id]) : null,
  };
}

/** The first prompt entry: no distribution predicts it, so everything is null (as the servers pad). */
export function firstPosition(tokenId: number): PositionLogprobs {
  return { token: [null, tokenId], top: null, ids: null };
}
