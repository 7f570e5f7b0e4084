import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { useEngines, post } from "./helpers";

let e: RunningEngine;
useEngines([{ dialect: "sglang" }], (list) => ([e] = list));

const greedy = (n: number) => ({ max_new_tokens: n, temperature: 0 });

describe("sglang /generate", () => {
  it("returns text, output_ids and the [S] meta_info keys", async () => {
    const r = await post(e.url, "/generate", { text: "The Fox and the", sampling_params: greedy(5) });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(Object.keys(r.body)).toEqual(["text", "output_ids", "meta_info"]);
    expect(r.body.output_ids).toHaveLength(5);
    expect(r.body.text).toBe(e.engine.tokenizer.decode(r.body.output_ids));
    const m = r.body.meta_info;
    expect(m).toMatchObject({
      finish_reason: { type: "length", length: 5 },
      prompt_tokens: e.engine.tokenizer.encode("The Fox and the").length,
      weight_version: "default",
      total_retractions: 0,
      reasoning_tokens: 0,
      completion_tokens: 5,
      cached_tokens: 0,
    });
    expect(typeof m.id).toBe("string");
    expect(m.id).toMatch(/^[0-9a-f]{32}$/);
    expect(m.e2e_latency).toBeGreaterThan(0);
    expect(m.response_sent_to_client_ts).toBeGreaterThan(1e9);
    expect(m).not.toHaveProperty("input_token_logprobs"); // only with return_logprob
    expect(m).not.toHaveProperty("request_received_ts"); // only with --enable-metrics
  });

  it("defaults: logprob_start_len -1 gives no input logprobs; tuples carry null text", async () => {
    const r = await post(e.url, "/generate", { text: "Was the dog wise?", sampling_params: greedy(3), return_logprob: true });
    const m = r.body.meta_info;
    expect(m.input_token_logprobs).toEqual([]);
    expect(m.output_token_logprobs).toHaveLength(3);
    expect(m.output_token_logprobs_length).toBe(3);
    for (const [lp, id, text] of m.output_token_logprobs) {
      expect(lp).toBeLessThan(0);
      expect(Number.isInteger(id)).toBe(true);
      expect(text).toBeNull();
    }
    expect(m.output_token_logprobs.map((t: unknown[]) => t[1])).toEqual(r.body.output_ids);
    expect(m).not.toHaveProperty("input_top_logprobs");
    expect(m).not.toHaveProperty("output_token_ids_logprobs");
  });

  it("logprob_start_len 0 scores the whole prompt with a null first entry; top-k and token ids per position", async () => {
    const prompt = e.engine.tokenizer.encode("Once upon a time a Lion");
    const yes = e.engine.tokenizer.encode(" yes")[0]!;
    const r = await post(e.url, "/generate", {
      input_ids: prompt,
      sampling_params: greedy(2),
      return_logprob: true,
      logprob_start_len: 0,
      top_logprobs_num: 3,
      token_ids_logprob: [yes, 5],
      return_text_in_logprobs: true,
    });
    const m = r.body.meta_info;
    expect(m.input_token_logprobs).toHaveLength(prompt.length);
    expect(m.input_token_logprobs[0]).toEqual([null, prompt[0], "Once"]);
    expect(m.input_token_logprobs.slice(1).every((t: [number]) => typeof t[0] === "number" && t[0] < 0)).toBe(true);
    expect(m.input_token_logprobs.map((t: unknown[]) => t[1])).toEqual(prompt);
    expect(m.input_top_logprobs[0]).toBeNull();
    expect(m.input_top_logprobs[1]).toHaveLength(3);
    const top = m.output_top_logprobs[0];
    expect(top[0][0]).toBeGreaterThanOrEqual(top[1][0]);
    expect(top[0][1]).toBe(r.body.output_ids[0]); // greedy picks the top-1
    expect(m.input_token_ids_logprobs[0]).toBeNull();
    expect(m.input_token_ids_logprobs[1].map((t: unknown[]) => t[1])).toEqual([yes, 5]);
    expect(m.output_token_ids_logprobs).toHaveLength(2);
    // The logprob of an input token equals the token-ids entry for it at the same position.
    const pos = 2;
    const viaTop = await post(e.url, "/generate", { input_ids: prompt, sampling_params: greedy(1), return_logprob: true, logprob_start_len: 0, token_ids_logprob: [prompt[pos]] });
    expect(viaTop.body.meta_info.input_token_ids_logprobs[pos][0][0]).toBe(m.input_token_logprobs[pos][0]);
  });

  it("logprob_start_len k starts the entries at prompt index k", async () => {
    const prompt = e.engine.tokenizer.encode("The Hare was once boasting of his speed");
    const full = await post(e.url, "/generate", { input_ids: prompt, sampling_params: greedy(1), return_logprob: true, logprob_start_len: 0 });
    const part = await post(e.url, "/generate", { input_ids: prompt, sampling_params: greedy(1), return_logprob: true, logprob_start_len: 3 });
    const tail = part.body.meta_info.input_token_logprobs;
    expect(tail).toHaveLength(prompt.length - 3);
    expect(tail[0]).toEqual([null, prompt[3], null]);
    expect(tail.slice(1)).toEqual(full.body.meta_info.input_token_logprobs.slice(4));
  });

  it("batch input gives an array in order; a single rid string is suffixed per item", async () => {
    const r = await post(e.url, "/generate", { text: ["The Fox", "The Lion"], sampling_params: greedy(2), rid: "abc" });
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body.map((o: any) => o.meta_info.id)).toEqual(["abc_0", "abc_1"]);
    const one = await post(e.url, "/generate", { text: "The Lion", sampling_params: greedy(2) });
    expect(r.body[1].output_ids).toEqual(one.body.output_ids);
    const n = await post(e.url, "/generate", { text: "The Lion", sampling_params: { max_new_tokens: 2, n: 3 } });
    expect(n.body).toHaveLength(3);
  });

  it("stops on stop strings (trimmed from text), stop_token_ids and EOS", async () => {
    const base = await post(e.url, "/generate", { text: "The Fox and the", sampling_params: greedy(12) });
    const text: string = base.body.text;
    const stop = text.split(" ").filter(Boolean)[2]!;
    const r = await post(e.url, "/generate", { text: "The Fox and the", sampling_params: { ...greedy(12), stop } });
    expect(r.body.meta_info.finish_reason).toEqual({ type: "stop", matched: stop });
    expect(text.startsWith(r.body.text)).toBe(true);
    expect(r.body.text.includes(stop)).toBe(false);
    const keep = await post(e.url, "/generate", { text: "The Fox and the", sampling_params: { ...greedy(12), stop, no_stop_trim: true } });
    expect(keep.body.text.endsWith(stop)).toBe(true);

    const tokenStop = base.body.output_ids[3];
    const t = await post(e.url, "/generate", { text: "The Fox and the", sampling_params: { ...greedy(12), stop_token_ids: [tokenStop] } });
    expect(t.body.meta_info.finish_reason).toEqual({ type: "stop", matched: tokenStop });
    expect(t.body.output_ids.at(-1)).toBe(tokenStop);
    expect(t.body.output_ids).toHaveLength(base.body.output_ids.indexOf(tokenStop) + 1);

    const eos = e.engine.tokenizer.special("<|eos|>");
    const long = await post(e.url, "/generate", { text: "Was the Wolf good? No, he was bad.", sampling_params: { max_new_tokens: 200, temperature: 0 } });
    const reason = long.body.meta_info.finish_reason;
    if (reason.type === "stop") expect(reason.matched).toBe(eos);
    const ignored = await post(e.url, "/generate", { text: "Was the Wolf good? No, he was bad.", sampling_params: { max_new_tokens: 40, temperature: 0, ignore_eos: true } });
    expect(ignored.body.meta_info.completion_tokens).toBe(40);
  });

  it("max_new_tokens 0 is prefill-only: no output ids, one output distribution", async () => {
    const r = await post(e.url, "/generate", { text: "The Lion", sampling_params: { max_new_tokens: 0 }, return_logprob: true, token_ids_logprob: [1, 2] });
    expect(r.body.output_ids).toEqual([]);
    expect(r.body.meta_info.finish_reason).toEqual({ type: "length", length: 0 });
    expect(r.body.meta_info.output_token_logprobs).toEqual([]);
    expect(r.body.meta_info.output_token_ids_logprobs).toHaveLength(1);
  });

  it("seeded sampling is reproducible; PUT is accepted too", async () => {
    const body = { text: "The Lion", sampling_params: { max_new_tokens: 16, temperature: 1, sampling_seed: 7 } };
    const a = await post(e.url, "/generate", body);
    const b = await fetch(e.url + "/generate", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((x) => x.json());
    expect(b.output_ids).toEqual(a.body.output_ids);
    const c = await post(e.url, "/generate", { ...body, sampling_params: { ...body.sampling_params, sampling_seed: 8 } });
    expect(c.body.output_ids).not.toEqual(a.body.output_ids);
  });

  it("errors: native {error:{message}} for ValueErrors, ErrorResponse for validation", async () => {
    const both = await post(e.url, "/generate", { text: "a", input_ids: [1] });
    expect(both.status).toBe(400);
    expect(both.body).toEqual({ error: { message: "Either text, input_ids or input_embeds should be provided." } });
    const none = await post(e.url, "/generate", { sampling_params: {} });
    expect(none.body.error.message).toBe("Either text, input_ids or input_embeds should be provided.");
    const empty = await post(e.url, "/generate", { input_ids: [] });
    expect(empty.body).toEqual({ error: { message: "input_ids cannot be empty." } });
    const long = await post(e.url, "/generate", { input_ids: new Array(2048).fill(5) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe("The input (2048 tokens) is longer than the model's context length (2048 tokens).");
    const tooMany = await post(e.url, "/generate", { input_ids: new Array(2000).fill(5), sampling_params: { max_new_tokens: 100 } });
    expect(tooMany.body.error.message).toMatch(/^Requested token count exceeds the model's maximum context length of 2048 tokens/);
    const oov = await post(e.url, "/generate", { input_ids: [1, 99999] });
    expect(oov.body.error.message).toContain("out of vocabulary (vocab size: 3072)");
    const temp = await post(e.url, "/generate", { text: "a", sampling_params: { temperature: -1 } });
    expect(temp.body.error.message).toBe("temperature must be non-negative, got -1.");
    const malformed = await post(e.url, "/generate", "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ object: "error", type: "Bad Request", param: null, code: 400 });
    const wrongType = await post(e.url, "/generate", { text: 5 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.type).toBe("Bad Request");
    expect(wrongType.body.message).toContain("'loc': ('body', 'text')");
    // The server keeps serving after all of that.
    const ok = await post(e.url, "/generate", { text: "a", sampling_params: greedy(1) });
    expect(ok.status).toBe(200);
  });

  it("refuses bodies over 8 MiB with 413", async () => {
    const big = JSON.stringify({ text: "x".repeat(9 * 1024 * 1024) });
    const r = await post(e.url, "/generate", big);
    expect(r.status).toBe(413);
  });
});
