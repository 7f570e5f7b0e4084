import type { TokenAlt, TokenPosition, TokenSequence } from "../../../lib/schemas/tokens";
import type { PackedAlts, PackedSequence } from "../../../server/shares/packTokens";

/** The inverse of server/shares/packTokens.ts: column-wise sequences back to positions. */
function reader(alts: PackedAlts, strings: string[]) {
  let at = 0;
  return (i: number): TokenAlt[] | null | undefined => {
    const n = alts.n[i] ?? -2;
    if (n < 0) return n === -1 ? null : undefined;
    const out: TokenAlt[] = new Array(n);
    for (let k = 0; k < n; k++, at++) {
      const t = alts.text[at] ?? -1;
      out[k] = { id: alts.id[at] as number, text: t < 0 ? null : (strings[t] as string), logprob: alts.lp[at] ?? null };
    }
    return out;
  };
}

export function unpackSequence(packed: PackedSequence, strings: string[]): TokenSequence {
  const top = reader(packed.top, strings);
  const labels = reader(packed.labels, strings);
  return packed.id.map((id, i) => {
    const t = packed.text[i] ?? -1;
    const pos: TokenPosition = { id, text: t < 0 ? null : (strings[t] as string), logprob: packed.lp[i] ?? null, top: top(i) ?? null };
    const l = labels(i);
    if (l !== undefined) pos.labels = l;
    return pos;
  });
}
