/**
 * GPT-2 style pre-tokenization: words keep their leading space (" yes"), numbers and punctuation
 * runs are separate pieces, whitespace runs stay whole except the last space before a word.
 */
const PIECE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

export function pretokenize(text: string): string[] {
  return text.match(PIECE) ?? [];
}
