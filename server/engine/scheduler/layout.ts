import type { NgramContext } from "../model/ngramPrior";
import type { MultiItemLayout } from "./types";

/** Where one token of a sequence goes: cache slot = its index; RoPE position, visible slots, n-gram context. */
export interface SequenceLayout {
  position(i: number): number;
  /** flat [start, end) pairs of cache slots token i attends to */
  ranges(i: number): number[];
  context(i: number): NgramContext;
  /** indices whose next-token distribution the request reads (multi-item: the token before each delimiter) */
  readonly readPositions: number[];
}

/** Plain causal attention over `tokens` (prompt, then generated tokens appended later). */
export function causalLayout(tokens: readonly number[]): SequenceLayout {
  return {
    position: (i) => i,
    ranges: (i) => [0, i + 1],
    context: (i) => ({ prev2: i >= 1 ? tokens[i - 1]! : -1, prev1: tokens[i]! }),
    readPositions: [],
  };
}

/**
 * Multi-item scoring: `query <D> item1 <D> … itemN <D>`. The query segment (query + first D) is
 * causal; each item segment (item tokens + the D after them) sees the query segment and itself
 * only, with RoPE positions restarting right after the query, so an item's numbers do not depend
 * on the other items. Read positions are `delimiter_index - 1`, as in SGLang.
 */
export function multiItemLayout(tokens: readonly number[], mis: MultiItemLayout): SequenceLayout {
  const qEnd = mis.queryLen + 1; // query tokens + first delimiter
  const segStart = new Int32Array(tokens.length);
  const delimiterIdx: number[] = [mis.queryLen];
  let at = qEnd;
  for (const len of mis.itemLens) {
    segStart.fill(at, at, at + len + 1);
    at += len + 1;
    delimiterIdx.push(at - 1);
  }
  const isDelimiter = new Uint8Array(tokens.length);
  for (const i of delimiterIdx) isDelimiter[i] = 1;
  // Logical history of token i: the query tokens, then its own item's tokens (delimiters skipped).
  const previousVisible = (i: number): number => {
    for (let j = i - 1; j >= 0; j--) {
      if (j >= qEnd && j < segStart[i]!) j = mis.queryLen; // jump over other items to the query end
      if (j < 0) return -1;
      if (!isDelimiter[j]) return j;
    }
    return -1;
  };
  return {
    position: (i) => (i < qEnd ? i : qEnd + (i - segStart[i]!)),
    ranges: (i) => (i < qEnd ? [0, i + 1] : [0, qEnd, segStart[i]!, i + 1]),
    context: (i) => {
      const last = isDelimiter[i] ? previousVisible(i) : i;
      const before = last >= 0 ? previousVisible(last) : -1;
      return { prev2: before >= 0 ? tokens[before]! : -1, prev1: last >= 0 ? tokens[last]! : -1 };
    },
    readPositions: delimiterIdx.map((i) => i - 1),
  };
}
