/**
 * Token trigram language model with Witten–Bell backoff (trigram → bigram → add-one unigram),
 * trained on the tokenized corpus. Mixed into the transformer's logits so that greedy text looks
 * word-like and label scores move with the item text; random weights alone would give noise.
 */
export interface NgramContext {
  /** token two back, or -1 */
  prev2: number;
  /** the current (last) token, or -1 */
  prev1: number;
}

interface Followers {
  ids: Int32Array;
  counts: Float64Array;
  total: number;
}

export class NgramPrior {
  private readonly logUnigram: Float64Array;
  private readonly unigram: Float64Array;
  private readonly bigram: (Followers | undefined)[];
  private readonly trigram = new Map<number, Followers>();
  private readonly p2Scratch: Float64Array;

  constructor(
    readonly vocabSize: number,
    documents: readonly (readonly number[])[],
  ) {
    const uni = new Float64Array(vocabSize);
    const bi = new Map<number, Map<number, number>>();
    const tri = new Map<number, Map<number, number>>();
    const bump = (m: Map<number, Map<number, number>>, ctx: number, w: number) => {
      let f = m.get(ctx);
      if (!f) m.set(ctx, (f = new Map()));
      f.set(w, (f.get(w) ?? 0) + 1);
    };
    let total = 0;
    for (const doc of documents) {
      for (let i = 0; i < doc.length; i++) {
        const w = doc[i]!;
        uni[w]! += 1;
        total++;
        if (i >= 1) bump(bi, doc[i - 1]!, w);
        if (i >= 2) bump(tri, doc[i - 2]! * vocabSize + doc[i - 1]!, w);
      }
    }
    this.unigram = new Float64Array(vocabSize);
    this.logUnigram = new Float64Array(vocabSize);
    for (let w = 0; w < vocabSize; w++) {
      this.unigram[w] = (uni[w]! + 1) / (total + vocabSize);
      this.logUnigram[w] = Math.log(this.unigram[w]!);
    }
    this.bigram = new Array<Followers | undefined>(vocabSize);
    for (const [ctx, f] of bi) this.bigram[ctx] = toFollowers(f);
    for (const [ctx, f] of tri) this.trigram.set(ctx, toFollowers(f));
    this.p2Scratch = new Float64Array(vocabSize);
  }

  /** Writes log P(next | context) for every token id into `out` (length vocabSize). */
  logProbs(ctx: NgramContext, out: Float32Array | Float64Array): void {
    const V = this.vocabSize;
    const big = ctx.prev1 >= 0 ? this.bigram[ctx.prev1] : undefined;
    const tri = big && ctx.prev2 >= 0 ? this.trigram.get(ctx.prev2 * V + ctx.prev1) : undefined;
    // Mass left to the lower orders (Witten–Bell): T / (c + T).
    const w2 = big ? big.ids.length / (big.total + big.ids.length) : 1;
    const w3 = tri ? tri.ids.length / (tri.total + tri.ids.length) : 1;
    const logBack = Math.log(w2 * w3);
    for (let w = 0; w < V; w++) out[w] = this.logUnigram[w]! + logBack;
    if (!big) return;
    const p2 = this.p2Scratch;
    const bigDen = big.total + big.ids.length;
    for (let i = 0; i < big.ids.length; i++) {
      const w = big.ids[i]!;
      p2[w] = (big.counts[i]! + big.ids.length * this.unigram[w]!) / bigDen;
      out[w] = Math.log(w3 * p2[w]!);
    }
    if (!tri) return;
    const triDen = tri.total + tri.ids.length;
    for (let i = 0; i < tri.ids.length; i++) {
      const w = tri.ids[i]!;
      out[w] = Math.log((tri.counts[i]! + tri.ids.length * p2[w]!) / triDen);
    }
  }
}

function toFollowers(f: Map<number, number>): Followers {
  const entries = [...f.entries()].sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, c] of entries) total += c;
  return {
    ids: Int32Array.from(entries.map((e) => e[0])),
    counts: Float64Array.from(entries.map((e) => e[1])),
    total,
  };
}
