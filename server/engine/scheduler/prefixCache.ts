import type { KvCache } from "../model/kvCache";

/** KV of one block of `blockSize` tokens, keyed by the hash chain of all tokens up to its end. */
interface Block {
  parent: string;
  tokens: Int32Array;
  k: Float32Array[];
  v: Float32Array[];
}

/**
 * Prefix cache over fixed-size token blocks (the hash-chain flavour of a radix cache). A block is
 * reusable only when every earlier block matches too; entries are evicted least recently used.
 */
export class PrefixCache {
  private readonly blocks = new Map<string, Block>();

  constructor(
    readonly blockSize: number,
    private readonly maxBlocks: number,
    private readonly nLayers: number,
    private readonly d: number,
  ) {}

  get cachedTokens(): number {
    return this.blocks.size * this.blockSize;
  }

  clear(): void {
    this.blocks.clear();
  }

  /** Copies the longest cached prefix of `tokens` (at most `limit` tokens) into `kv`; returns its length. */
  load(tokens: readonly number[], limit: number, kv: KvCache): number {
    let key = "";
    let n = 0;
    const B = this.blockSize;
    while (n + B <= limit) {
      const next = blockKey(key, tokens, n, B);
      const block = this.blocks.get(next);
      if (!block || block.parent !== key || !sameTokens(block.tokens, tokens, n)) break;
      this.blocks.delete(next); // refresh LRU position
      this.blocks.set(next, block);
      kv.copyFrom(block.k, block.v, n, B);
      key = next;
      n += B;
    }
    return n;
  }

  /** Stores every full block of `tokens[0 .. kv.length)` that is not cached yet. */
  store(tokens: readonly number[], kv: KvCache): void {
    const B = this.blockSize;
    const d = this.d;
    const upto = Math.min(tokens.length, kv.length);
    let key = "";
    for (let n = 0; n + B <= upto; n += B) {
      const next = blockKey(key, tokens, n, B);
      if (!this.blocks.has(next)) {
        const k: Float32Array[] = [];
        const v: Float32Array[] = [];
        for (let l = 0; l < this.nLayers; l++) {
          k.push(kv.k[l]!.slice(n * d, (n + B) * d));
          v.push(kv.v[l]!.slice(n * d, (n + B) * d));
        }
        this.blocks.set(next, { parent: key, tokens: Int32Array.from(tokens.slice(n, n + B)), k, v });
        while (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
      }
      key = next;
    }
  }
}

/** FNV-1a style chain over the parent key and the block's tokens (collisions are re-checked). */
function blockKey(parent: string, tokens: readonly number[], start: number, len: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < parent.length; i++) {
    h1 = Math.imul(h1 ^ parent.charCodeAt(i), 16777619);
    h2 = Math.imul(h2 ^ parent.charCodeAt(i), 2246822519);
  }
  for (let i = start; i < start + len; i++) {
    h1 = Math.imul(h1 ^ tokens[i]!, 16777619);
    h2 = Math.imul(h2 ^ (tokens[i]! + 0x9e3779b9), 2246822519);
  }
  return (h1 >>> 0).toString(36) + "." + (h2 >>> 0).toString(36);
}

function sameTokens(block: Int32Array, tokens: readonly number[], start: number): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== tokens[start + i]) return false;
  return true;
}
