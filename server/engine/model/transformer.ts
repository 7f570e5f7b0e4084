import { roundBf16InPlace } from "./bf16";
import type { ModelConfig, Precision } from "./config";
import { gelu, layerNorm, matVec } from "./kernels";
import type { KvCache } from "./kvCache";
import type { ModelWeights } from "./weights";

/**
 * Decoder-only transformer (pre-LN, multi-head attention with RoPE, GELU MLP), one token at a
 * time. With `bfloat16` precision every matmul input and output is rounded to bf16.
 */
export class Transformer {
  private readonly d: number;
  private readonly hd: number;
  private readonly bf16: boolean;
  private readonly cos: Float32Array;
  private readonly sin: Float32Array;
  // scratch buffers (the engine is single-threaded)
  private readonly x: Float32Array;
  private readonly h: Float32Array;
  private readonly qkv: Float32Array;
  private readonly att: Float32Array;
  private readonly proj: Float32Array;
  private readonly ffh: Float32Array;
  private scores: Float32Array;

  constructor(
    readonly cfg: ModelConfig,
    readonly weights: ModelWeights,
    readonly precision: Precision,
  ) {
    this.d = cfg.dModel;
    this.hd = cfg.dModel / cfg.nHeads;
    this.bf16 = precision === "bfloat16";
    const half = this.hd / 2;
    this.cos = new Float32Array(cfg.contextLength * half);
    this.sin = new Float32Array(cfg.contextLength * half);
    for (let p = 0; p < cfg.contextLength; p++) {
      for (let i = 0; i < half; i++) {
        const angle = p / Math.pow(cfg.ropeTheta, (2 * i) / this.hd);
        this.cos[p * half + i] = Math.cos(angle);
        this.sin[p * half + i] = Math.sin(angle);
      }
    }
    this.x = new Float32Array(this.d);
    this.h = new Float32Array(this.d);
    this.qkv = new Float32Array(3 * this.d);
    this.att = new Float32Array(this.d);
    this.proj = new Float32Array(this.d);
    this.ffh = new Float32Array(cfg.dFF);
    this.scores = new Float32Array(cfg.nHeads * 256);
  }

  private round(a: Float32Array, start = 0, length = a.length - start): void {
    if (this.bf16) roundBf16InPlace(a, start, length);
  }

  /**
   * Runs one token at cache slot `slot` with RoPE position `pos`, attending to the cache slots in
   * `ranges` (flat [start, end) pairs, which must include `slot`). Writes K/V for the slot. When
   * `hiddenOut` is given, writes the final layer-normed hidden state (the LM head's input) there.
   */
  forward(kv: KvCache, token: number, slot: number, pos: number, ranges: readonly number[], hiddenOut?: Float32Array): void {
    const { d, hd } = this;
    const nHeads = this.cfg.nHeads;
    if (pos >= this.cfg.contextLength) throw new RangeError(`position ${pos} exceeds the context length`);
    kv.reserve(slot + 1);
    let attended = 0;
    for (let r = 0; r < ranges.length; r += 2) attended += ranges[r + 1]! - ranges[r]!;
    if (this.scores.length < nHeads * attended) this.scores = new Float32Array(nHeads * Math.max(attended, 2 * this.scores.length / nHeads));
    const x = this.x;
    x.set(this.weights.embedding.subarray(token * d, token * d + d));
    const scale = 1 / Math.sqrt(hd);
    for (let l = 0; l < this.cfg.nLayers; l++) {
      const w = this.weights.layers[l]!;
      const K = kv.k[l]!;
      const V = kv.v[l]!;
      // attention
      layerNorm(x, this.h, d);
      this.round(this.h);
      matVec(w.wqkv, this.h, 0, this.qkv, 0, 3 * d, d);
      this.round(this.qkv);
      this.rope(this.qkv, 0, pos);
      this.rope(this.qkv, d, pos);
      this.round(this.qkv, 0, 2 * d);
      K.set(this.qkv.subarray(d, 2 * d), slot * d);
      V.set(this.qkv.subarray(2 * d, 3 * d), slot * d);
      if (slot >= kv.length) kv.length = slot + 1;
      this.attend(K, V, ranges, attended, scale);
      matVec(w.wo, this.att, 0, this.proj, 0, d, d);
      this.round(this.proj);
      for (let i = 0; i < d; i++) x[i]! += this.proj[i]!;
      this.round(x); // bf16 models keep the residual stream in bf16 too
      // MLP
      layerNorm(x, this.h, d);
      this.round(this.h);
      matVec(w.w1, this.h, 0, this.ffh, 0, this.cfg.dFF, d);
      this.round(this.ffh);
      gelu(this.ffh, this.cfg.dFF);
      this.round(this.ffh);
      matVec(w.w2, this.ffh, 0, this.proj, 0, d, this.cfg.dFF);
      this.round(this.proj);
      for (let i = 0; i < d; i++) x[i]! += this.proj[i]!;
      this.round(x); // bf16 models keep the residual stream in bf16 too
    }
    if (hiddenOut) {
      layerNorm(x, hiddenOut, d);
      this.round(hiddenOut);
    }
  }

  /** Rotates pairs (i, i+hd/2) of each head of the vector at `off` by the position's angles. */
  private rope(v: Float32Array, off: number, pos: number): void {
    const half = this.hd / 2;
    const base = pos * half;
    for (let h = 0; h < this.cfg.nHeads; h++) {
      const o = off + h * this.hd;
      for (let i = 0; i < half; i++) {
        const c = this.cos[base + i]!;
        const s = this.sin[base + i]!;
        const a = v[o + i]!;
        const b = v[o + i + half]!;
        v[o + i] = a * c - b * s;
        v[o + i + half] = a * s + b * c;
      }
    }
  }

  private attend(K: Float32Array, V: Float32Array, ranges: readonly number[], n: number, scale: number): void {
    const nHeads = this.cfg.nHeads;
    const sc = this.scores;
    for (let h = 0; h < nHeads; h++) this.headScores(K, ranges, h, h * n, scale);
    this.round(sc, 0, nHeads * n);
    for (let h = 0; h < nHeads; h++) {
      const so = h * n;
      let max = -Infinity;
      for (let i = 0; i < n; i++) if (sc[so + i]! > max) max = sc[so + i]!;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.exp(sc[so + i]! - max);
        sc[so + i] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let i = 0; i < n; i++) sc[so + i]! *= inv;
    }
    this.round(sc, 0, nHeads * n);
    for (let h = 0; h < nHeads; h++) this.headValues(V, ranges, h, h * n);
    this.round(this.att);
  }

  /** scores[so + t] = scale · q_h · K[j]_h for the t-th attended slot j. */
  private headScores(K: Float32Array, ranges: readonly number[], h: number, so: number, scale: number): void {
    const { d, hd } = this;
    const q = this.qkv;
    const sc = this.scores;
    const qo = h * hd;
    let t = so;
    if (hd === 16) {
      // Head size 16 unrolled: q stays in registers while K streams by.
      const q0 = q[qo]!, q1 = q[qo + 1]!, q2 = q[qo + 2]!, q3 = q[qo + 3]!, q4 = q[qo + 4]!, q5 = q[qo + 5]!, q6 = q[qo + 6]!, q7 = q[qo + 7]!;
      const q8 = q[qo + 8]!, q9 = q[qo + 9]!, q10 = q[qo + 10]!, q11 = q[qo + 11]!, q12 = q[qo + 12]!, q13 = q[qo + 13]!, q14 = q[qo + 14]!, q15 = q[qo + 15]!;
      for (let r = 0; r < ranges.length; r += 2) {
        const end = ranges[r + 1]!;
        for (let j = ranges[r]!; j < end; j++) {
          const k = j * d + qo;
          const s =
            q0 * K[k]! + q1 * K[k + 1]! + q2 * K[k + 2]! + q3 * K[k + 3]! + q4 * K[k + 4]! + q5 * K[k + 5]! + q6 * K[k + 6]! + q7 * K[k + 7]! +
            q8 * K[k + 8]! + q9 * K[k + 9]! + q10 * K[k + 10]! + q11 * K[k + 11]! + q12 * K[k + 12]! + q13 * K[k + 13]! + q14 * K[k + 14]! + q15 * K[k + 15]!;
          sc[t++] = s * scale;
        }
      }
      return;
    }
    for (let r = 0; r < ranges.length; r += 2) {
      for (let j = ranges[r]!; j < ranges[r + 1]!; j++) {
        const k = j * d + qo;
        let s = 0;
        for (let i = 0; i < hd; i++) s += q[qo + i]! * K[k + i]!;
        sc[t++] = s * scale;
      }
    }
  }

  /** att_h = Σ_t p_t · V[j_t]_h, accumulated in slot order. */
  private headValues(V: Float32Array, ranges: readonly number[], h: number, so: number): void {
    const { d, hd } = this;
    const sc = this.scores;
    const att = this.att;
    const o = h * hd;
    let t = so;
    if (hd === 16) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
      for (let r = 0; r < ranges.length; r += 2) {
        const end = ranges[r + 1]!;
        for (let j = ranges[r]!; j < end; j++) {
          const p = sc[t++]!;
          const v = j * d + o;
          a0 += p * V[v]!; a1 += p * V[v + 1]!; a2 += p * V[v + 2]!; a3 += p * V[v + 3]!;
          a4 += p * V[v + 4]!; a5 += p * V[v + 5]!; a6 += p * V[v + 6]!; a7 += p * V[v + 7]!;
          a8 += p * V[v + 8]!; a9 += p * V[v + 9]!; a10 += p * V[v + 10]!; a11 += p * V[v + 11]!;
          a12 += p * V[v + 12]!; a13 += p * V[v + 13]!; a14 += p * V[v + 14]!; a15 += p * V[v + 15]!;
        }
      }
      att[o] = a0; att[o + 1] = a1; att[o + 2] = a2; att[o + 3] = a3; att[o + 4] = a4; att[o + 5] = a5; att[o + 6] = a6; att[o + 7] = a7;
      att[o + 8] = a8; att[o + 9] = a9; att[o + 10] = a10; att[o + 11] = a11; att[o + 12] = a12; att[o + 13] = a13; att[o + 14] = a14; att[o + 15] = a15;
      return;
    }
    for (let i = 0; i < hd; i++) att[o + i] = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      for (let j = ranges[r]!; j < ranges[r + 1]!; j++) {
        const p = sc[t++]!;
        const v = j * d + o;
        for (let i = 0; i < hd; i++) att[o + i]! += p * V[v + i]!;
      }
    }
  }
}
