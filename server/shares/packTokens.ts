import type { TokenAlt, TokenPosition, TokenSequence } from "../../lib/schemas/tokens";

/**
 * A token sequence column-wise, for the share page's wire: the same values without a key name per
 * field per position, every text once in a string table (token texts repeat through top-k lists), and
 * logprobs as little-endian IEEE floats in base64: float32 when every value is one (servers compute
 * in float32 or bfloat16, so theirs are: 5.3 characters each instead of ~19 in decimal), else
 * float64. Exact: values go through bit for bit, null as NaN (a logprob is never NaN: those are
 * normalised to null). app/s/[id]/unpackTokens.ts is the inverse.
 *
 * Text columns hold indexes into the string table, -1 for null. List-length columns hold the length,
 * -1 for null and (labels only) -2 for absent.
 */
export interface PackedAlts {
  n: number[];
  id: number[];
  text: number[];
  lp: PackedNumbers;
}

/** Little-endian floats in base64, NaN = null. */
export interface PackedNumbers {
  f32: boolean;
  b64: string;
}

export interface PackedSequence {
  id: number[];
  text: number[];
  lp: PackedNumbers;
  top: PackedAlts;
  labels: PackedAlts;
}

export function packNumbers(values: readonly (number | null)[]): PackedNumbers {
  const f32 = values.every((v) => v === null || Math.fround(v) === v);
  const width = f32 ? 4 : 8;
  const view = new DataView(new ArrayBuffer(values.length * width));
  values.forEach((v, i) => (f32 ? view.setFloat32(i * 4, v ?? Number.NaN, true) : view.setFloat64(i * 8, v ?? Number.NaN, true)));
  return { f32, b64: Buffer.from(view.buffer).toString("base64") };
}

type Building<T> = Omit<T, "lp"> & { lp: (number | null)[] };

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

const emptyAlts = (): Building<PackedAlts> => ({ n: [], id: [], text: [], lp: [] });

function packAlts(into: Building<PackedAlts>, alts: TokenAlt[] | null | undefined, table: StringTable): void {
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
  const id: number[] = [];
  const text: number[] = [];
  const lp: (number | null)[] = [];
  const top = emptyAlts();
  const labels = emptyAlts();
  for (const p of seq as TokenPosition[]) {
    id.push(p.id);
    text.push(table.of(p.text));
    lp.push(p.logprob);
    packAlts(top, p.top, table);
    packAlts(labels, p.labels, table);
  }
  const done = (a: Building<PackedAlts>): PackedAlts => ({ ...a, lp: packNumbers(a.lp) });
  return { id, text, lp: packNumbers(lp), top: done(top), labels: done(labels) };
}
