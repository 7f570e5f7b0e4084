/**
 * Special tokens of the reference tokenizer. They sit after the byte and merge ids, so the
 * vocabulary is `[256 bytes][merges][specials]`.
 *
 * `<|mis_delim|>` is the multi-item-scoring delimiter. Real SGLang uses the placeholder id 9999
 * (`MIS_DELIMITER_TOKEN_ID`); our vocabulary is smaller than 10,000, so 9999 would be out of
 * vocabulary. Since SGLang #22544 delimiter positions come from item lengths, never from scanning
 * for the id, so any in-vocabulary placeholder gives the same semantics.
 */
export const SPECIAL_TOKENS = ["<|bos|>", "<|eos|>", "<|pad|>", "<|mis_delim|>"] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];
