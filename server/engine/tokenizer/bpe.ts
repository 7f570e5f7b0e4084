import { mergeSymbols, type Merge } from "./bpeTrainer";
import { pretokenize } from "./pretokenize";
import { SPECIAL_TOKENS, type SpecialToken } from "./specialTokens";

const utf8 = new TextEncoder();

/** Byte-level BPE tokenizer: ids 0–255 are raw bytes, then one id per merge, then special tokens. */
export class BpeTokenizer {
  readonly vocabSize: number;
  private readonly tokenBytes: Uint8Array[];
  private readonly rank = new Map<number, number>();
  private readonly specialIds = new Map<string, number>();
  private readonly specialSplit: RegExp;
  private readonly pieceCache = new Map<string, number[]>();
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });

  constructor(readonly merges: readonly Merge[]) {
    this.tokenBytes = [];
    for (let b = 0; b < 256; b++) this.tokenBytes.push(Uint8Array.of(b));
    merges.forEach(([l, r], i) => {
      const a = this.tokenBytes[l]!;
      const b = this.tokenBytes[r]!;
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      this.tokenBytes.push(joined);
      this.rank.set(l * 8192 + r, i);
    });
    for (const s of SPECIAL_TOKENS) {
      this.specialIds.set(s, this.tokenBytes.length);
      this.tokenBytes.push(utf8.encode(s));
    }
    this.vocabSize = this.tokenBytes.length;
    const escaped = SPECIAL_TOKENS.map((s) => s.replace(/[|]/g, "\\|"));
    this.specialSplit = new RegExp(`(${escaped.join("|")})`);
  }

  special(name: SpecialToken): number {
    return this.specialIds.get(name)!;
  }

  isSpecial(id: number): boolean {
    return id >= this.vocabSize - SPECIAL_TOKENS.length && id < this.vocabSize;
  }

  /** Encodes text; literal special-token strings become their special ids (as HF tokenizers do). */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const part of text.split(this.specialSplit)) {
      if (part === "") continue;
      const special = this.specialIds.get(part);
      if (special !== undefined) {
        ids.push(special);
        continue;
      }
      for (const piece of pretokenize(part)) ids.push(...this.encodePiece(piece));
    }
    return ids;
  }

  private encodePiece(piece: string): number[] {
    const hit = this.pieceCache.get(piece);
    if (hit) return hit;
    let syms = Array.from(utf8.encode(piece));
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < syms.length; i++) {
        const r = this.rank.get(syms[i]! * 8192 + syms[i + 1]!);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      syms = mergeSymbols(syms, syms[best]!, syms[best + 1]!, 256 + bestRank);
    }
    if (this.pieceCache.size < 100_000) this.pieceCache.set(piece, syms);
    return syms;
  }

  /** Decodes ids to text; invalid UTF-8 (a token cut inside a character) becomes U+FFFD. */
  decode(ids: readonly number[], skipSpecialTokens = true): string {
    let n = 0;
    for (const id of ids) if (!(skipSpecialTokens && this.isSpecial(id))) n += this.bytesOf(id).length;
    const buf = new Uint8Array(n);
    let o = 0;
    for (const id of ids) {
      if (skipSpecialTokens && this.isSpecial(id)) continue;
      const b = this.bytesOf(id);
      buf.set(b, o);
      o += b.length;
    }
    return this.decoder.decode(buf);
  }

  /** The text of one token, as put into logprob tuples. */
  tokenText(id: number): string {
    return this.decode([id], false);
  }

  private bytesOf(id: number): Uint8Array {
    const b = this.tokenBytes[id];
    if (!b) throw new RangeError(`token id ${id} is out of vocabulary (vocab size: ${this.vocabSize})`);
    return b;
  }
}
