import type { TokenAlt, TokenPosition, TokenSequence } from "../../../lib/schemas/tokens";
import type { PackedAlts, PackedNumbers, PackedSequence } from "../../../server/shares/packTokens";

/** The inverse of server/shares/packTokens.ts: column-wise sequences back to positions. */
export function unpackNumbers({ f32, b64 }: PackedNumbers): (number | null)[] {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const out: (number | null)[] = new Array(bytes.length / (f32 ? 4 : 8));
  for (let i = 0; i < out.length; i++) {
    const v = f32 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

function reader(alts: PackedAlts, strings: string[]) {
  const lp = unpackNumbers(alts.lp);
  let at = 0;
  return (i: number): TokenAlt[] | null | undefined => {
    const n = alts.n[i] ?? -2;
    if (n < 0) return n === -1 ? null : undefined;
    const out: TokenAlt[] = new Array(n);
    for (let k = 0; k < n; k++, at++) {
      const t = alts.text[at] ?? -1;
      out[k] = { id: alts.id[at] as number, text: t < 0 ? null : (strings[t] as string), logprob: lp[at] ?? null };
    }
    return out;
  };
}

export function unpackSequence(packed: PackedSequence, strings: string[]): TokenSequence {
  const lp = unpackNumbers(packed.lp);
  const top = reader(packed.top, strings);
  const labels = reader(packed.labels, strings);
  return packed.id.map((id, i) => {
    const t = packed.text[i] ?? -1;
    const pos: TokenPosition = { id, text: t < 0 ? null : (strings[t] as string), logprob: lp[i] ?? null, top: top(i) ?? null };
    const l = labels(i);
    if (l !== undefined) pos.labels = l;
    return pos;
  });
}
