import { roundBf16InPlace } from "./bf16";
import type { Precision } from "./config";
import { matVec } from "./kernels";
import type { NgramContext, NgramPrior } from "./ngramPrior";

/**
 * Final projection: logits = n-gram log-prior + scale · (W_lm · h), then log-softmax.
 * In bf16 mode the matmul output W_lm · h is rounded (its input h already is); the prior is added
 * and the log-softmax computed in float32/float64, as real servers upcast logits before softmax.
 */
export class LmHead {
  private readonly z: Float32Array;
  private readonly prior: Float32Array;

  constructor(
    private readonly weight: Float32Array,
    private readonly vocabSize: number,
    private readonly d: number,
    private readonly precision: Precision,
    private readonly ngram: NgramPrior,
    private readonly scale: number,
  ) {
    this.z = new Float32Array(vocabSize);
    this.prior = new Float32Array(vocabSize);
  }

  /** Writes log P(next token) for the whole vocabulary into `out`. */
  logprobs(hidden: Float32Array, ctx: NgramContext, out: Float32Array): void {
    const V = this.vocabSize;
    matVec(this.weight, hidden, 0, this.z, 0, V, this.d);
    if (this.precision === "bfloat16") roundBf16InPlace(this.z, 0, V);
    this.ngram.logProbs(ctx, this.prior);
    const z = this.z;
    const prior = this.prior;
    const scale = this.scale;
    for (let i = 0; i < V; i++) out[i] = prior[i]! + scale * z[i]!;
    logSoftmaxInPlace(out, V);
  }
}

export function logSoftmaxInPlace(a: Float32Array, n: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (a[i]! > max) max = a[i]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(a[i]! - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < n; i++) a[i] = a[i]! - lse;
}
