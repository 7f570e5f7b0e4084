import { diffTokenSequences } from "../../../lib/diff/tokens";
import type { CellRunResult, SideResult } from "../../../lib/schemas/cellRun";
import type { TokenDiff } from "../../../lib/schemas/diff";
import type { TokenSequence } from "../../../lib/schemas/tokens";
import type { OutputWire } from "../../../server/shares/view";
import { unpackSequence } from "./unpackTokens";

/**
 * Turns a shared output's wire form (server/shares/view.ts) back into the result: token sequences
 * unpacked into their places, then the left-out token diffs recomputed with the same lib function on
 * the same two sequences and the stored threshold (the server checked this gives them back exactly).
 */
export function restoreOutput(wire: OutputWire): CellRunResult {
  const seq = (place: string, sent: TokenSequence): TokenSequence => {
    const packed = wire.packed[place];
    return packed ? unpackSequence(packed, wire.strings) : sent;
  };
  const side = (s: SideResult): SideResult => ({
    ...s,
    items: s.items.map((item, i) => ({ ...item, tokens: seq(`${s.side}.items.${i}`, item.tokens) })),
    output: s.output && { ...s.output, tokens: seq(`${s.side}.output`, s.output.tokens) },
  });
  const result = { ...wire.result, a: side(wire.result.a), b: side(wire.result.b) };
  const diff = result.diff;
  if (!diff) return result;
  const { derived } = wire;
  const redo = (d: TokenDiff, a: TokenSequence | undefined, b: TokenSequence | undefined): TokenDiff => ({
    ...d,
    positions: diffTokenSequences(a ?? [], b ?? [], { threshold: d.summary.threshold }).positions,
  });
  return {
    ...result,
    diff: {
      ...diff,
      prompts: diff.prompts.map((d, i) => (derived.prompts.includes(i) ? redo(d, result.a.items[i]?.tokens, result.b.items[i]?.tokens) : d)),
      output: diff.output && derived.output ? redo(diff.output, result.a.output?.tokens, result.b.output?.tokens) : diff.output,
    },
  };
}
