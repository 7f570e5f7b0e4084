import { BpeTokenizer } from "./bpe";
import { mergeSymbols, trainBpe, type Merge } from "./bpeTrainer";
import { SPECIAL_TOKENS } from "./specialTokens";

/** Words that must be single tokens: the usual label tokens of scoring prompts. */
export const REQUIRED_SINGLE_TOKENS = [" yes", " no", " good", " bad", " Yes", " No", " true", " false", " positive", " negative"];

/**
 * Trains the reference vocabulary: `vocabSize` ids in total. Merges are learned greedily, so the
 * first k merges do not depend on the cap; the tail is given up for merges that make each required
 * word one token.
 */
export function buildTokenizer(corpus: string, vocabSize: number): BpeTokenizer {
  const budget = vocabSize - 256 - SPECIAL_TOKENS.length;
  const trained = trainBpe(corpus, budget, 1);
  for (let forced = 0; forced <= REQUIRED_SINGLE_TOKENS.length * 8; forced++) {
    const kept = trained.slice(0, Math.min(trained.length, budget - forced));
    const extra = forcedMerges(kept);
    if (extra.length <= forced || kept.length + extra.length <= budget) return new BpeTokenizer([...kept, ...extra]);
  }
  throw new Error("cannot fit the required single-token words into the vocabulary");
}

/** Merges to append so each required word encodes to one id (joining its pieces left to right). */
function forcedMerges(merges: readonly Merge[]): Merge[] {
  const extra: Merge[] = [];
  for (const word of REQUIRED_SINGLE_TOKENS) {
    let ids = new BpeTokenizer([...merges, ...extra]).encode(word);
    while (ids.length > 1) {
      const merge: Merge = [ids[0]!, ids[1]!];
      extra.push(merge);
      ids = mergeSymbols(ids, merge[0], merge[1], 256 + merges.length + extra.length - 1);
    }
  }
  return extra;
}
