import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { startEngine } from "../../../server/engine";
import { useEngines, post, singleToken } from "./helpers";

let f32: RunningEngine, bf16: RunningEngine, mis: RunningEngine;
useEngines([{ dialect: "sglang" }, { dialect: "sglang", dtype: "bfloat16" }, { dialect: "sglang", enableMis: true }], (list) => ([f32, bf16, mis] = list));

const promptLogprobs = async (e: RunningEngine, text: string): Promise<number[]> => {
  const r = await post(e.url, "/generate", { text, sampling_params: { max_new_tokens: 0 }, return_logprob: true, logprob_start_len: 0 });
  return r.body.meta_info.input_token_logprobs.slice(1).map((t: [number]) => t[0]);
};

describe("float32 vs bfloat16", () => {
  it("differ by small non-zero amounts on the same request", async () => {
    const text = "The North Wind and the Sun were disputing which was the stronger, when a traveller came down the road.";
    const a = await promptLogprobs(f32, text);
    const b = await promptLogprobs(bf16, text);
    expect(a).toHaveLength(b.length);
    const deltas = a.map((x, i) => Math.abs(x - b[i]!));
    const max = Math.max(...deltas);
    expect(max).toBeGreaterThan(1e-4);
    expect(max).toBeLessThan(0.2);
    expect(deltas.filter((d) => d > 0).length).toBeGreaterThan(deltas.length / 2);
    expect(await promptLogprobs(f32, text)).toEqual(a); // and each side is stable
  });
});

describe("multi-item scoring (--enable-mis)", () => {
  const query = "Is this a good deed? Deed:";
  const items = [" The Mouse gnawed the ropes.", " The Fox tricked the Crow.", " The Ant stored grain for winter."];

  it("an item's score does not change when the other items change", async () => {
    const labels = [singleToken(mis, " yes"), singleToken(mis, " no")];
    const a = await post(mis.url, "/v1/score", { query, items, label_token_ids: labels });
    const b = await post(mis.url, "/v1/score", { query, items: [items[0], " Something else, much longer than before, entirely.", items[2]], label_token_ids: labels });
    const c = await post(mis.url, "/v1/score", { query, items: [items[2]], label_token_ids: labels });
    expect(a.status).toBe(200);
    expect(b.body.scores[0]).toEqual(a.body.scores[0]);
    expect(b.body.scores[2]).toEqual(a.body.scores[2]);
    expect(b.body.scores[1]).not.toEqual(a.body.scores[1]);
    expect(c.body.scores[0]).toEqual(a.body.scores[2]);
    // one packed sequence: query <D> item1 <D> item2 <D> item3 <D>
    const tk = mis.engine.tokenizer;
    expect(a.body.usage.prompt_tokens).toBe(tk.encode(query).length + items.reduce((n, x) => n + tk.encode(x).length, 0) + items.length + 1);
  });

  it("closely matches the single-item score (only the delimiter differs)", async () => {
    const labels = [singleToken(mis, " yes"), singleToken(mis, " no")];
    const body = { query, items, label_token_ids: labels, apply_softmax: true };
    const packed = await post(mis.url, "/v1/score", body);
    const single = await post(f32.url, "/v1/score", body);
    packed.body.scores.forEach((row: number[], i: number) => {
      expect(Math.abs(row[0]! - single.body.scores[i][0])).toBeLessThan(0.06);
    });
    const raw = await post(mis.url, "/v1/score", { ...body, apply_softmax: false });
    const rawSingle = await post(f32.url, "/v1/score", { ...body, apply_softmax: false });
    raw.body.scores.forEach((row: number[], i: number) => {
      expect(Math.abs(Math.log(row[0]!) - Math.log(rawSingle.body.scores[i][0]))).toBeLessThan(0.25);
    });
  });

  it("works with token ids and ignores item_first", async () => {
    const tk = mis.engine.tokenizer;
    const labels = [singleToken(mis, " yes")];
    const text = await post(mis.url, "/v1/score", { query, items, label_token_ids: labels });
    const ids = await post(mis.url, "/v1/score", { query: tk.encode(query), items: items.map((x) => tk.encode(x)), label_token_ids: labels, item_first: true });
    expect(ids.body.scores).toEqual(text.body.scores);
  });

  it("is refused on the sglang-jax dialect", async () => {
    await expect(startEngine({ dialect: "sglang-jax", enableMis: true })).rejects.toThrow(/only on the sglang dialect/);
  });
});
