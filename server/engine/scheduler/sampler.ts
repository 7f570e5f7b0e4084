import type { SamplingParams } from "./types";

/**
 * Chooses the next token from full-vocabulary logprobs. Penalties, temperature, top-k, top-p and
 * min-p follow SGLang's order; randomness comes only from the request's own PRNG, so a request's
 * tokens do not depend on what else is in the batch.
 */
export class Sampler {
  private readonly work: Float32Array;
  private readonly order: Int32Array;

  constructor(private readonly vocabSize: number) {
    this.work = new Float32Array(vocabSize);
    this.order = new Int32Array(vocabSize);
  }

  sample(
    lp: Float32Array,
    p: SamplingParams,
    rand: () => number,
    counts: ReadonlyMap<number, number>,
    banned: readonly number[],
  ): number {
    const V = this.vocabSize;
    const x = this.work;
    x.set(lp);
    for (const [id, c] of counts) {
      let v = x[id]!;
      if (p.repetitionPenalty !== 1) v = v > 0 ? v / p.repetitionPenalty : v * p.repetitionPenalty;
      v -= p.frequencyPenalty * c + (c > 0 ? p.presencePenalty : 0);
      x[id] = v;
    }
    for (const id of banned) x[id] = -Infinity;
    if (p.temperature < 1e-5 || p.topK === 1) return argmax(x);

    const inv = 1 / p.temperature;
    let max = -Infinity;
    for (let i = 0; i < V; i++) if (x[i]! > max) max = x[i]!;
    let sum = 0;
    for (let i = 0; i < V; i++) {
      const e = Math.exp((x[i]! - max) * inv);
      x[i] = e;
      sum += e;
    }
    const truncate = (p.topK > 0 && p.topK < V) || p.topP < 1 || p.minP > 0;
    if (!truncate) return draw(x, V, sum, rand(), null);

    // Sort candidates by probability (ties: smaller id first) and cut.
    const order = this.order;
    for (let i = 0; i < V; i++) order[i] = i;
    const sorted = Array.from(order).sort((a, b) => x[b]! - x[a]! || a - b);
    let keep = p.topK > 0 ? Math.min(p.topK, V) : V;
    if (p.minP > 0) {
      const floor = (x[sorted[0]!]! / sum) * p.minP;
      let k = 0;
      while (k < keep && x[sorted[k]!]! / sum >= floor) k++;
      keep = Math.max(1, k);
    }
    if (p.topP < 1) {
      let total = 0;
      for (let k = 0; k < keep; k++) total += x[sorted[k]!]!;
      let acc = 0;
      let k = 0;
      while (k < keep) {
        acc += x[sorted[k]!]!;
        k++;
        if (acc / total >= p.topP) break;
      }
      keep = k;
    }
    const kept = sorted.slice(0, keep);
    let keptSum = 0;
    for (const id of kept) keptSum += x[id]!;
    return draw(x, V, keptSum, rand(), kept);
  }
}

function argmax(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

function draw(weights: Float32Array, V: number, sum: number, u: number, ids: number[] | null): number {
  let target = u * sum;
  if (ids) {
    for (const id of ids) {
      target -= weights[id]!;
      if (target < 0) return id;
    }
    return ids[ids.length - 1]!;
  }
  let last = 0;
  for (let i = 0; i < V; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    last = i;
    target -= w;
    if (target < 0) return i;
  }
  return last;
}
