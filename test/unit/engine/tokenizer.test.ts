import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BpeTokenizer } from "../../../server/engine/tokenizer/bpe";
import { buildTokenizer, REQUIRED_SINGLE_TOKENS } from "../../../server/engine/tokenizer/buildTokenizer";
import { corpusPath, loadReferenceModel } from "../../../server/engine/model/referenceModel";
import { pretokenize } from "../../../server/engine/tokenizer/pretokenize";

const tk = loadReferenceModel("float32").tokenizer;

describe("byte-level BPE tokenizer", () => {
  it("has a 3072-id vocabulary ending with the special tokens", () => {
    expect(tk.vocabSize).toBe(3072);
    expect(["<|bos|>", "<|eos|>", "<|pad|>", "<|mis_delim|>"].map((s) => tk.special(s as never))).toEqual([3068, 3069, 3070, 3071]);
  });

  it("keeps the usual label words whole", () => {
    for (const w of REQUIRED_SINGLE_TOKENS) expect(tk.encode(w), w).toHaveLength(1);
  });

  it("round-trips any text, including non-ASCII", () => {
    const corpus = readFileSync(corpusPath(), "utf8");
    expect(tk.decode(tk.encode(corpus))).toBe(corpus);
    for (const s of ["", "  two  spaces\n\nand lines", "naïve café – “quotes” 😀 中文", "x".repeat(300)]) expect(tk.decode(tk.encode(s))).toBe(s);
    expect(tk.encode(corpus).length).toBeLessThan(corpus.length / 3); // merges actually compress
  });

  it("recognises special-token strings and skips them on decode by default", () => {
    const ids = tk.encode("end<|eos|>");
    expect(ids.at(-1)).toBe(tk.special("<|eos|>"));
    expect(tk.decode(ids)).toBe("end");
    expect(tk.decode(ids, false)).toBe("end<|eos|>");
    expect(tk.tokenText(tk.encode(" yes")[0]!)).toBe(" yes");
    expect(() => tk.decode([3072])).toThrow(/out of vocabulary/);
  });

  it("pre-tokenizes GPT-2 style", () => {
    expect(pretokenize("Hello, world! It's 42  ok")).toEqual(["Hello", ",", " world", "!", " It", "'s", " 42", " ", " ok"]);
  });

  it("trains deterministically and fast", () => {
    const text = readFileSync(corpusPath(), "utf8");
    const t0 = performance.now();
    const again = buildTokenizer(text, 3072);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(again.merges).toEqual(tk.merges);
    expect(new BpeTokenizer(again.merges).encode("The Fox and the Grapes")).toEqual(tk.encode("The Fox and the Grapes"));
  });
});
