import type { ModelConfig } from "./config";

/** mulberry32: small, fast, seeded 32-bit PRNG (never Math.random, so weights are reproducible). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills a matrix with N(0, std²) draws (Box–Muller on a seeded stream). */
function gaussian(rand: () => number, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u)) * std;
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

export interface LayerWeights {
  /** [3·d][d]: rows of Q, then K, then V */
  wqkv: Float32Array;
  /** [d][d] */
  wo: Float32Array;
  /** [ff][d] */
  w1: Float32Array;
  /** [d][ff] */
  w2: Float32Array;
}

export interface ModelWeights {
  /** [vocab][d] */
  embedding: Float32Array;
  layers: LayerWeights[];
  /** [vocab][d] */
  lmHead: Float32Array;
}

/** All matrices are row-major [out][in] so a projection is a run of contiguous dot products. */
export function initWeights(cfg: ModelConfig, vocabSize: number): ModelWeights {
  const rand = mulberry32(cfg.weightSeed);
  const d = cfg.dModel;
  const ff = cfg.dFF;
  const embedding = gaussian(rand, vocabSize * d, 1);
  const layers: LayerWeights[] = [];
  for (let l = 0; l < cfg.nLayers; l++) {
    layers.push({
      wqkv: gaussian(rand, 3 * d * d, 1 / Math.sqrt(d)),
      wo: gaussian(rand, d * d, 0.5 / Math.sqrt(d)),
      w1: gaussian(rand, ff * d, 1 / Math.sqrt(d)),
      w2: gaussian(rand, d * ff, 0.5 / Math.sqrt(ff)),
    });
  }
  const lmHead = gaussian(rand, vocabSize * d, 1 / Math.sqrt(d));
  return { embedding, layers, lmHead };
}

/** A copy of the weights rounded to bf16 (the bfloat16 engine's stored weights). */
export function toBf16Weights(w: ModelWeights, round: (a: Float32Array) => void): ModelWeights {
  const r = (a: Float32Array) => {
    const c = a.slice();
    round(c);
    return c;
  };
  return {
    embedding: r(w.embedding),
    layers: w.layers.map((l) => ({ wqkv: r(l.wqkv), wo: r(l.wo), w1: r(l.w1), w2: r(l.w2) })),
    lmHead: r(w.lmHead),
  };
}
