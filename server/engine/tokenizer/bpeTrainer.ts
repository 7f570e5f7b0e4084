import { pretokenize } from "./pretokenize";

/** A merge joins two existing token ids into a new one; merges are applied in list order (rank). */
export type Merge = readonly [left: number, right: number];

const KEY_BASE = 1 << 13; // ids stay below 8192
const pairKey = (a: number, b: number) => a * KEY_BASE + b;

/** Max-heap of packed (count, key) numbers; ties go to the smaller key so training is deterministic. */
class PairHeap {
  private items: number[] = [];
  private static readonly SPAN = KEY_BASE * KEY_BASE;
  push(count: number, key: number): void {
    const items = this.items;
    items.push(count * PairHeap.SPAN + (PairHeap.SPAN - 1 - key));
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (items[p]! >= items[i]!) break;
      [items[p], items[i]] = [items[i]!, items[p]!];
      i = p;
    }
  }
  pop(): { count: number; key: number } | null {
    const items = this.items;
    if (items.length === 0) return null;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && items[l]! > items[m]!) m = l;
        if (r < items.length && items[r]! > items[m]!) m = r;
        if (m === i) break;
        [items[m], items[i]] = [items[i]!, items[m]!];
        i = m;
      }
    }
    const count = Math.floor(top / PairHeap.SPAN);
    return { count, key: PairHeap.SPAN - 1 - (top - count * PairHeap.SPAN) };
  }
}

/**
 * Byte-level BPE training on word (pre-token) frequencies, with incremental pair counts so a few
 * thousand merges on ~50 KB of text take tens of milliseconds. Stops at `maxMerges` or when no
 * pair occurs at least `minCount` times.
 */
export function trainBpe(text: string, maxMerges: number, minCount = 2): Merge[] {
  const freq = new Map<string, number>();
  for (const piece of pretokenize(text)) freq.set(piece, (freq.get(piece) ?? 0) + 1);
  const encoder = new TextEncoder();
  const words: number[][] = [];
  const counts: number[] = [];
  for (const [piece, n] of [...freq.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    words.push(Array.from(encoder.encode(piece)));
    counts.push(n);
  }

  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addWordPairs = (w: number, sign: 1 | -1, touched: Set<number>) => {
    const syms = words[w]!;
    for (let i = 0; i + 1 < syms.length; i++) {
      const key = pairKey(syms[i]!, syms[i + 1]!);
      pairCount.set(key, (pairCount.get(key) ?? 0) + sign * counts[w]!);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(w);
      }
      touched.add(key);
    }
  };
  const heap = new PairHeap();
  const initial = new Set<number>();
  for (let w = 0; w < words.length; w++) addWordPairs(w, 1, initial);
  for (const key of initial) heap.push(pairCount.get(key)!, key);

  const merges: Merge[] = [];
  while (merges.length < maxMerges) {
    const top = heap.pop();
    if (!top) break;
    if (pairCount.get(top.key) !== top.count) continue; // stale heap entry
    if (top.count < minCount) break;
    const left = Math.floor(top.key / KEY_BASE);
    const right = top.key % KEY_BASE;
    const id = 256 + merges.length;
    merges.push([left, right]);
    const touched = new Set<number>();
    for (const w of [...(pairWords.get(top.key) ?? [])].sort((a, b) => a - b)) {
      addWordPairs(w, -1, touched);
      words[w] = mergeSymbols(words[w]!, left, right, id);
      addWordPairs(w, 1, touched);
    }
    pairWords.delete(top.key);
    for (const key of touched) {
      const c = pairCount.get(key) ?? 0;
      if (c > 0) heap.push(c, key);
    }
  }
  return merges;
}

/** Replaces every (left, right) occurrence, left to right, by `id`. */
export function mergeSymbols(syms: readonly number[], left: number, right: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < syms.length; i++) {
    if (i + 1 < syms.length && syms[i] === left && syms[i + 1] === right) {
      out.push(id);
      i++;
    } else out.push(syms[i]!);
  }
  return out;
}
