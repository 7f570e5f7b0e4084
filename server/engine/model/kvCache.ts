/**
 * Per-sequence key/value cache: one [slots][d] array per layer for K (after RoPE) and for V.
 * Slots are physical positions in the packed sequence; the RoPE position is passed separately
 * so multi-item scoring can restart item positions after the query.
 */
export class KvCache {
  readonly k: Float32Array[];
  readonly v: Float32Array[];
  private cap: number;
  /** number of slots written (highest written slot + 1) */
  length = 0;

  constructor(
    private readonly nLayers: number,
    private readonly d: number,
    initialSlots = 64,
  ) {
    this.cap = Math.max(1, initialSlots);
    this.k = [];
    this.v = [];
    for (let l = 0; l < nLayers; l++) {
      this.k.push(new Float32Array(this.cap * d));
      this.v.push(new Float32Array(this.cap * d));
    }
  }

  get capacity(): number {
    return this.cap;
  }

  /** Makes room for `slots` slots, doubling so appends stay amortised O(1). */
  reserve(slots: number): void {
    if (slots <= this.cap) return;
    let cap = this.cap;
    while (cap < slots) cap *= 2;
    for (let l = 0; l < this.nLayers; l++) {
      const k = new Float32Array(cap * this.d);
      k.set(this.k[l]!.subarray(0, this.length * this.d));
      this.k[l] = k;
      const v = new Float32Array(cap * this.d);
      v.set(this.v[l]!.subarray(0, this.length * this.d));
      this.v[l] = v;
    }
    this.cap = cap;
  }

  /** Copies `count` slots from another cache (a prefix-cache hit), starting at slot `at`. */
  copyFrom(layerK: readonly Float32Array[], layerV: readonly Float32Array[], at: number, count: number): void {
    this.reserve(at + count);
    for (let l = 0; l < this.nLayers; l++) {
      this.k[l]!.set(layerK[l]!.subarray(0, count * this.d), at * this.d);
      this.v[l]!.set(layerV[l]!.subarray(0, count * this.d), at * this.d);
    }
    this.length = Math.max(this.length, at + count);
  }

  /** Bytes held, for memory_usage reporting. */
  get bytes(): number {
    return this.nLayers * 2 * this.cap * this.d * 4;
  }
}
