import { describe, expect, it } from "vitest";
import { loadReferenceModel } from "../../../server/engine/model/referenceModel";
import { PrefixCache } from "../../../server/engine/scheduler/prefixCache";

const m = loadReferenceModel("float32");

function fill(tokens: number[]) {
  const kv = m.newCache();
  tokens.forEach((t, i) => m.transformer.forward(kv, t, i, i, [0, i + 1]));
  return kv;
}

describe("prefix cache", () => {
  const tokens = m.tokenizer.encode("Once when a Lion was asleep a little Mouse began running up and down upon him. This soon wakened the Lion");

  it("serves whole blocks of a stored prefix, bit-identical KV", () => {
    const cache = new PrefixCache(16, 100, m.cfg.nLayers, m.cfg.dModel);
    const kv = fill(tokens);
    cache.store(tokens, kv);
    const copy = m.newCache();
    const n = cache.load(tokens, tokens.length - 1, copy);
    expect(n).toBe(Math.floor((tokens.length - 1) / 16) * 16);
    expect(copy.k[0]!.subarray(0, n * m.cfg.dModel)).toEqual(kv.k[0]!.subarray(0, n * m.cfg.dModel));
    expect(copy.v[1]!.subarray(0, n * m.cfg.dModel)).toEqual(kv.v[1]!.subarray(0, n * m.cfg.dModel));
  });

  it("stops at the first differing block and respects the limit", () => {
    const cache = new PrefixCache(16, 100, m.cfg.nLayers, m.cfg.dModel);
    cache.store(tokens, fill(tokens));
    const changed = [...tokens];
    changed[20] = 7;
    expect(cache.load(changed, changed.length, m.newCache())).toBe(16);
    expect(cache.load(tokens, 15, m.newCache())).toBe(0);
  });

  it("evicts least recently used blocks beyond its capacity", () => {
    const cache = new PrefixCache(16, 1, m.cfg.nLayers, m.cfg.dModel);
    cache.store(tokens, fill(tokens));
    expect(cache.cachedTokens).toBe(16);
  });
});
