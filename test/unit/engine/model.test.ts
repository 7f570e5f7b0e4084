import { describe, expect, it } from "vitest";
import { loadReferenceModel, type ReferenceModel } from "../../../server/engine/model/referenceModel";
import { NgramPrior } from "../../../server/engine/model/ngramPrior";
import { causalLayout, multiItemLayout, type SequenceLayout } from "../../../server/engine/scheduler/layout";

const f32 = loadReferenceModel("float32");
const bf16 = loadReferenceModel("bfloat16");

/** Next-token logprobs at every index of `tokens` under `layout`. */
function run(m: ReferenceModel, tokens: number[], layout: SequenceLayout = causalLayout(tokens)): Float32Array[] {
  const kv = m.newCache(4);
  const h = new Float32Array(m.cfg.dModel);
  return tokens.map((t, i) => {
    m.transformer.forward(kv, t, i, layout.position(i), layout.ranges(i), h);
    const lp = new Float32Array(m.cfg.vocabSize);
    m.head.logprobs(h, layout.context(i), lp);
    return lp;
  });
}

describe("n-gram prior", () => {
  it("gives proper distributions that favour seen continuations", () => {
    const prior = new NgramPrior(10, [[1, 2, 3, 1, 2, 4, 1, 2, 3]]);
    const out = new Float64Array(10);
    for (const ctx of [{ prev2: -1, prev1: -1 }, { prev2: -1, prev1: 2 }, { prev2: 1, prev1: 2 }, { prev2: 9, prev1: 8 }]) {
      prior.logProbs(ctx, out);
      expect(out.reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 10);
    }
    prior.logProbs({ prev2: 1, prev1: 2 }, out);
    expect(out[3]).toBeGreaterThan(out[4]!); // "1 2 3" twice, "1 2 4" once
    expect(out[4]).toBeGreaterThan(out[5]!); // seen beats unseen
  });
});

describe("reference transformer", () => {
  const tokens = f32.tokenizer.encode("The Lion went once a-hunting along with the Fox, the Jackal, and the Wolf.");

  it("is deterministic and its log-softmax is normalised", () => {
    const a = run(f32, tokens);
    const b = run(f32, tokens);
    a.forEach((lp, i) => expect(lp).toEqual(b[i]));
    const total = a[3]!.reduce((s, v) => s + Math.exp(v), 0);
    expect(total).toBeCloseTo(1, 4);
  });

  it("bfloat16 differs from float32 by small real amounts", () => {
    const a = run(f32, tokens);
    const b = run(bf16, tokens);
    let max = 0;
    a.forEach((lp, i) => {
      const next = tokens[i + 1] ?? 0;
      max = Math.max(max, Math.abs(lp[next]! - b[i]![next]!));
    });
    expect(max).toBeGreaterThan(1e-4);
    expect(max).toBeLessThan(0.2);
  });

  it("the output depends on earlier context, not only on the last two tokens", () => {
    const x = f32.tokenizer.encode("The Wolf said the");
    const y = f32.tokenizer.encode("A little Mouse said the");
    const lx = run(f32, x).at(-1)!;
    const ly = run(f32, y).at(-1)!;
    expect(lx).not.toEqual(ly);
  });
});

describe("multi-item layout", () => {
  it("matches SGLang's worked example: read positions are delimiter_index - 1", () => {
    // [q1,q2,q3,D,a1,a2,D,b1,D] → delimiters [3,6,8], read positions [2,5,7]
    const layout = multiItemLayout([1, 2, 3, 99, 4, 5, 99, 6, 99], { queryLen: 3, itemLens: [2, 1] });
    expect(layout.readPositions).toEqual([2, 5, 7]);
    expect(layout.ranges(5)).toEqual([0, 4, 4, 6]); // a2 sees query+D and a1..a2
    expect(layout.ranges(7)).toEqual([0, 4, 7, 8]); // b1 sees query+D and itself, not item a
    expect(layout.position(7)).toBe(4); // item positions restart after the query
    expect(layout.context(7)).toEqual({ prev2: 3, prev1: 6 }); // n-gram history: query then own item
  });

  it("gives an item the same numbers whatever the other items are", () => {
    const D = f32.tokenizer.special("<|mis_delim|>");
    const q = f32.tokenizer.encode("Is this good?");
    const a = f32.tokenizer.encode(" The dog was kind.");
    const b1 = f32.tokenizer.encode(" Bad.");
    const b2 = f32.tokenizer.encode(" The wolf ate every lamb in the field.");
    const pack = (items: number[][]) => {
      const t = [...q, D];
      for (const it of items) t.push(...it, D);
      return { t, layout: multiItemLayout(t, { queryLen: q.length, itemLens: items.map((x) => x.length) }) };
    };
    const p1 = pack([b1, a]);
    const p2 = pack([b2, a]);
    const r1 = run(f32, p1.t, p1.layout);
    const r2 = run(f32, p2.t, p2.layout);
    expect(r1[p1.layout.readPositions[2]!]).toEqual(r2[p2.layout.readPositions[2]!]);
  });
});
