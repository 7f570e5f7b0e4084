import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { useEngines, post, singleToken } from "./helpers";

let s: RunningEngine, j: RunningEngine;
let labels: number[];
useEngines([{ dialect: "sglang" }, { dialect: "sglang-jax" }], (list) => {
  [s, j] = list;
  labels = [singleToken(s, " yes"), singleToken(s, " no")];
});

const query = "Was the animal in this story good? Story:";
const items = [" The Mouse set the Lion free.", " The Wolf ate the Lamb.", " The Crow dropped the cheese."];

describe("/v1/score", () => {
  it("sglang: scores are a list of lists in label order, with usage and pooled_hidden_states", async () => {
    const r = await post(s.url, "/v1/score", { query, items, label_token_ids: labels, apply_softmax: true });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(["scores", "pooled_hidden_states", "model", "usage", "object"]);
    expect(r.body.model).toBe("default");
    expect(r.body.object).toBe("scoring");
    expect(r.body.pooled_hidden_states).toBeNull();
    expect(r.body.scores).toHaveLength(3);
    for (const row of r.body.scores) {
      expect(row).toHaveLength(2);
      expect(row[0] + row[1]).toBeCloseTo(1, 12);
    }
    const promptTokens = items.reduce((n, it) => n + s.engine.tokenizer.encode(query + it).length, 0);
    expect(r.body.usage).toEqual({ prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_tokens_details: null, reasoning_tokens: 0 });
    const swapped = await post(s.url, "/v1/score", { query, items, label_token_ids: [labels[1]!, labels[0]!], apply_softmax: true });
    expect(swapped.body.scores.map((row: number[]) => row[0])).toEqual(r.body.scores.map((row: number[]) => row[1]));
    // scores move with the item text
    expect(new Set(r.body.scores.map((row: number[]) => row[0]!.toFixed(6))).size).toBe(3);
  });

  it("apply_softmax false returns exp(logprob) under the full vocabulary, equal to /generate's label logprobs", async () => {
    const r = await post(s.url, "/v1/score", { query, items: items[0], label_token_ids: labels });
    expect(r.body.scores).toHaveLength(1);
    const [pYes, pNo] = r.body.scores[0];
    expect(pYes + pNo).toBeLessThan(1);
    const g = await post(s.url, "/generate", { text: query + items[0], sampling_params: { max_new_tokens: 0 }, return_logprob: true, token_ids_logprob: labels });
    const [[lpYes], [lpNo]] = g.body.meta_info.output_token_ids_logprobs[0];
    expect(pYes).toBeCloseTo(Math.exp(lpYes), 12);
    expect(pNo).toBeCloseTo(Math.exp(lpNo), 12);
    const soft = await post(s.url, "/v1/score", { query, items: [items[0]], label_token_ids: labels, apply_softmax: true });
    expect(soft.body.scores[0][0]).toBeCloseTo(pYes / (pYes + pNo), 12);
  });

  it("token-id query/items and item_first", async () => {
    const tk = s.engine.tokenizer;
    const q = tk.encode(query);
    const its = items.map((x) => tk.encode(x));
    const r = await post(s.url, "/v1/score", { query: q, items: its, label_token_ids: labels });
    expect(r.body.scores).toHaveLength(3);
    expect(r.body.usage.prompt_tokens).toBe(q.length * 3 + its.reduce((n, x) => n + x.length, 0));
    const first = await post(s.url, "/v1/score", { query: q, items: its, label_token_ids: labels, item_first: true });
    expect(first.body.scores).not.toEqual(r.body.scores);
    const empty = await post(s.url, "/v1/score", { query, items: [], label_token_ids: labels });
    expect(empty.body.scores).toEqual([]);
    expect(empty.body.usage.prompt_tokens).toBe(0);
  });

  it("sglang-jax: same distribution, usage null, model echoed and required", async () => {
    const body = { model: "anything", query, items, label_token_ids: labels, apply_softmax: true };
    const js = await post(j.url, "/v1/score", body);
    expect(js.status).toBe(200);
    expect(js.body).toEqual({ scores: expect.any(Array), model: "anything", usage: null, object: "scoring" });
    const ss = await post(s.url, "/v1/score", body);
    expect(ss.body.model).toBe("anything");
    // float32 on both here: max_new_tokens 0 vs 1 reads the same distribution
    expect(js.body.scores).toEqual(ss.body.scores);
    const missing = await post(j.url, "/v1/score", { query, items, label_token_ids: labels });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ object: "error", type: "Bad Request", param: null, code: 400 });
    expect(missing.body.message).toContain("'loc': ('body', 'model'), 'msg': 'Field required'");
  });

  it("errors: missing labels, OOV ids, invalid combinations, content type, context length", async () => {
    const noLabels = await post(s.url, "/v1/score", { query, items });
    expect(noLabels.status).toBe(400);
    expect(noLabels.body).toEqual({ object: "error", message: "label_token_ids is required for generation (CausalLM) models.", type: "BadRequestError", param: null, code: 400 });
    const jaxNoLabels = await post(j.url, "/v1/score", { model: "m", query, items });
    expect(jaxNoLabels.body.message).toBe("label_token_ids must be provided");
    for (const e of [s, j]) {
      const oov = await post(e.url, "/v1/score", { model: "m", query, items, label_token_ids: [labels[0], 5000] });
      expect(oov.status).toBe(400);
      expect(oov.body.message).toBe("Token ID 5000 is out of vocabulary (vocab size: 3072)");
      expect(oov.body.type).toBe("BadRequestError");
      const combo = await post(e.url, "/v1/score", { model: "m", query: [1, 2], items: ["text"], label_token_ids: labels });
      expect(combo.status).toBe(400);
      expect(combo.body.message).toBe("Invalid combination of query/items types for score_request.");
      const ct = await post(e.url, "/v1/score", JSON.stringify({ model: "m", query, items, label_token_ids: labels }), { "content-type": "text/plain" });
      expect(ct.status).toBe(400);
      expect(ct.body.message).toContain("Unsupported Media Type: Only 'application/json' is allowed");
      const long = await post(e.url, "/v1/score", { model: "m", query: new Array(2100).fill(5), items: [[6]], label_token_ids: labels });
      expect(long.status).toBe(400);
      expect(long.body.message).toMatch(/longer than the model's context length/);
    }
    const noItems = await post(s.url, "/v1/score", { query, label_token_ids: labels });
    expect(noItems.body.message).toBe("items must be provided");
  });
});
