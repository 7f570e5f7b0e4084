import type { TokenAlt, TokenPosition, TokenSequence } from "../../lib/schemas/tokens";

/**
 * A token sequence column-wise, for the share page's wire: the same values without a key name per
 * field per position, and every text once in a string table (token texts repeat through top-k lists).
 * Exact: numbers and nulls pass through JSON unchanged; app/s/[id]/unpackTokens.ts is the inverse.
 *
 * Text columns hold indexes into the string table, -1 for null. List-length columns hold the length,
 * -1 for null and (labels only) -2 for absent.
 */
export interface PackedAlts {
  n: number[];
  id: number[];
  text: number[];
  lp: (number | null)[];
}

export interface PackedSequence {
  id: number[];
  text: number[];
  lp: (number | null)[];
  top: PackedAlts;
  labels: PackedAlts;
}

export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  of(s: string | null): number {
    if (s === null) return -1;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

const emptyAlts = (): PackedAlts => ({ n: [], id: [], text: [], lp: [] });

function packAlts(into: PackedAlts, alts: TokenAlt[] | null | undefined, table: StringTable): void {
  if (alts === undefined || alts === null) {
    into.n.push(alts === null ? -1 : -2);
    return;
  }
  into.n.push(alts.length);
  for (const alt of alts) {
    into.id.push(alt.id);
    into.text.push(table.of(alt.text));
    into.lp.push(alt.logprob);
  }
}

export function packSequence(seq: TokenSequence, table: StringTable): PackedSequence {
  const packed: PackedSequence = { id: [], text: [], lp: [], top: emptyAlts(), labels: emptyAlts() };
  for (const p of seq as TokenPosition[]) {
    packed.id.push(p.id);
    packed.text.push(table.of(p.text));
    packed.lp.push(p.logprob);
    packAlts(packed.top, p.top, table);
    packAlts(packed.labels, p.labels, table);
  }
  return packed;
}
