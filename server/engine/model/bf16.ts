/**
 * bfloat16 emulation: keep float32 storage, drop the low 16 mantissa bits with
 * round-to-nearest-even, as a bf16 matmul's inputs and outputs are rounded on real hardware.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function roundBf16(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  if ((bits & 0x7f800000) === 0x7f800000) return f32[0]!; // inf / NaN unchanged
  u32[0] = ((bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000) >>> 0;
  return f32[0]!;
}

/** Uint32 views of the float buffers seen so far (the engine rounds the same scratch buffers per token). */
const views = new WeakMap<ArrayBufferLike, Uint32Array>();

/** Rounds `a[start .. start+length)` to bf16 in place. */
export function roundBf16InPlace(a: Float32Array, start = 0, length = a.length - start): void {
  let u = views.get(a.buffer);
  if (!u) {
    u = new Uint32Array(a.buffer, 0, a.buffer.byteLength >>> 2);
    views.set(a.buffer, u);
  }
  const from = (a.byteOffset >>> 2) + start;
  const to = from + length;
  for (let i = from; i < to; i++) {
    const bits = u[i]!;
    if ((bits & 0x7f800000) === 0x7f800000) continue;
    u[i] = ((bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000) >>> 0;
  }
}
