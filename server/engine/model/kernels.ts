/**
 * Tight Float32Array kernels. Every output is one dot product summed in a fixed order, so results
 * never depend on batch composition or chunking (bit-identical reruns).
 */

/**
 * out[r] = W[r,:] · x for r < rows (W row-major [rows][cols]). Eight rows share each x load; every
 * row is still summed over c in order, so the result does not depend on the blocking.
 */
export function matVec(
  W: Float32Array,
  x: Float32Array,
  xOff: number,
  out: Float32Array,
  outOff: number,
  rows: number,
  cols: number,
): void {
  let r = 0;
  for (; r + 8 <= rows; r += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    const o0 = r * cols;
    const o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols, o4 = o3 + cols, o5 = o4 + cols, o6 = o5 + cols, o7 = o6 + cols;
    for (let c = 0; c < cols; c++) {
      const xc = x[xOff + c]!;
      s0 += W[o0 + c]! * xc;
      s1 += W[o1 + c]! * xc;
      s2 += W[o2 + c]! * xc;
      s3 += W[o3 + c]! * xc;
      s4 += W[o4 + c]! * xc;
      s5 += W[o5 + c]! * xc;
      s6 += W[o6 + c]! * xc;
      s7 += W[o7 + c]! * xc;
    }
    const o = outOff + r;
    out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3;
    out[o + 4] = s4; out[o + 5] = s5; out[o + 6] = s6; out[o + 7] = s7;
  }
  for (; r < rows; r++) {
    let s = 0;
    const o = r * cols;
    for (let c = 0; c < cols; c++) s += W[o + c]! * x[xOff + c]!;
    out[outOff + r] = s;
  }
}

/** Layer norm without affine parameters (gain 1, bias 0), computed in float64 accumulators. */
export function layerNorm(x: Float32Array, out: Float32Array, n: number): void {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const t = x[i]! - mean;
    v += t * t;
  }
  const inv = 1 / Math.sqrt(v / n + 1e-5);
  for (let i = 0; i < n; i++) out[i] = (x[i]! - mean) * inv;
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** tanh-approximated GELU, in place. */
export function gelu(x: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    x[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
  }
}
