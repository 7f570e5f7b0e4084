import { describe, expect, it } from "vitest";
import type { BackendConfig } from "../../../lib/schemas/backend";
import {
  buildLoadRequest,
  paritySample,
  readFinalGenerate,
  holdsWholeAnswer,
  readScoreResponse,
  streamAnswer,
  streamCompletionTokens,
  streamEventKind,
} from "../../../server/adapters/loadRequest";
import { parsePrometheus } from "../../../server/bench/telemetry";

const backend: BackendConfig = { id: "x", name: "x", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:9", model: null, apiKey: "sk-1", source: "user" };

describe("the lean load path (server/adapters/loadRequest)", () => {
  it("builds the exact request once: URL, key, body with the model the dialect needs", () => {
    const score = buildLoadRequest(backend, { kind: "score", query: [1], items: [[2], [3]], labelIds: [4], applySoftmax: true, itemFirst: false }, "m");
    expect(score).toMatchObject({ method: "POST", url: "http://127.0.0.1:9/v1/score", stream: false, items: 2 });
    expect(score.headers).toEqual({ "content-type": "application/json", authorization: "Bearer sk-1" });
    expect(JSON.parse(score.body)).toEqual({ model: "m", query: [1], items: [[2], [3]], label_token_ids: [4], apply_softmax: true, item_first: false });
    const gen = buildLoadRequest({ ...backend, apiKey: null }, { kind: "generate", ids: [1, 2], sampling: { maxNewTokens: 4, temperature: 0 }, topLogprobs: 2 }, null);
    expect(gen).toMatchObject({ url: "http://127.0.0.1:9/generate", stream: true, items: 0, headers: { "content-type": "application/json" } });
    expect(JSON.parse(gen.body)).toMatchObject({ input_ids: [1, 2], stream: true, sampling_params: { max_new_tokens: 4, temperature: 0 }, return_logprob: true, top_logprobs_num: 2 });
    // a timed request of a "parity-only" benchmark: no logprob fields at all, as bench_serving sends it
    const lean = buildLoadRequest({ ...backend, apiKey: null }, { kind: "generate", ids: [1, 2], sampling: { maxNewTokens: 4, temperature: 0 }, topLogprobs: 2 }, null, { logprobs: false });
    expect(JSON.parse(lean.body)).toEqual({ input_ids: [1, 2], stream: true, sampling_params: { max_new_tokens: 4, temperature: 0 } });
    // ignoreEos: run to max_new_tokens, as bench_serving does by default
    const full = buildLoadRequest({ ...backend, apiKey: null }, { kind: "generate", ids: [1, 2], sampling: { maxNewTokens: 4, temperature: 0 }, topLogprobs: 0 }, null, { ignoreEos: true });
    expect(JSON.parse(full.body).sampling_params).toEqual({ max_new_tokens: 4, temperature: 0, ignore_eos: true });
  });

  it("reads the server's cumulative completion_tokens without parsing, and only from the real key", () => {
    const chunk = (text: string, n: number) => JSON.stringify({ text, output_ids: [1], meta_info: { id: "r", finish_reason: null, completion_tokens: n, cached_tokens: 0 } });
    expect(streamCompletionTokens(chunk("hello", 3))).toBe(3);
    expect(streamCompletionTokens(chunk('tricky "completion_tokens": 999 text', 12))).toBe(12);
    expect(streamCompletionTokens(JSON.stringify({ meta_info: { completion_tokens: 5 }, text: 'after: "completion_tokens":9' }))).toBe(5);
    expect(streamCompletionTokens('{"meta_info": {"completion_tokens" : 7}}')).toBeNull(); // space before the colon: not SGLang's form
    expect(streamCompletionTokens('{"meta_info":{"completion_tokens": 41}}')).toBe(41);
    expect(streamCompletionTokens('{"text":"x"}')).toBeNull();
    expect(streamEventKind("[DONE]")).toBe("done");
    expect(streamEventKind('{"error": {"message": "boom"}}')).toBe("error");
    expect(streamEventKind(chunk("a", 1))).toBe("chunk");
  });

  it("judges final answers: score rows must match the items sent; an aborted stream is an error", () => {
    expect(readScoreResponse({ scores: [[0.1], [0.2]], usage: { prompt_tokens: 9 } }, 2)).toMatchObject({ ok: true, promptTokens: 9, outputTokens: null });
    const short = readScoreResponse({ scores: [[0.1]] }, 2);
    expect(short).toMatchObject({ ok: false, error: { kind: "malformed", message: "POST /v1/score: sent 2 items but got 1 score rows back" } });
    expect(readScoreResponse({ nope: 1 }, 1)).toMatchObject({ ok: false, error: { kind: "malformed" } });
    const final = (finish: unknown) => ({ text: "x", meta_info: { finish_reason: finish, completion_tokens: 4, prompt_tokens: 3, cached_tokens: 2 } });
    expect(readFinalGenerate(final({ type: "length", length: 4 }))).toMatchObject({ ok: true, outputTokens: 4, promptTokens: 3, cachedTokens: 2 });
    expect(readFinalGenerate(final({ type: "abort", message: "out of memory" }))).toMatchObject({
      ok: false,
      error: { kind: "http", message: "POST /generate: the server aborted the request: out of memory" },
    });
    expect(paritySample("score", { scores: [[0.5, null]] })).toEqual({ kind: "score", scores: [[0.5, null]] });
    expect(paritySample("generate", final(null))).toEqual({ kind: "generate", output: [] });
  });

  it("joins an incremental stream's deltas into the whole answer for the parity sample; a cumulative stream's last chunk is it", () => {
    const lp = (id: number) => [-0.1 * id, id, `t${id}`];
    const ev = (ids: number[], total: number, finish: unknown = null) =>
      JSON.stringify({ text: ids.map((i) => `t${i}`).join(""), output_ids: ids, meta_info: { finish_reason: finish, completion_tokens: total, output_token_logprobs: ids.map(lp) } });
    // --incremental-streaming-output: each chunk holds its own tokens only (here 1, then 2, then 1)
    const deltas = [ev([1], 1), ev([2, 3], 3), ev([4], 4, { type: "length", length: 4 })];
    const last = JSON.parse(deltas[2]!);
    const whole = streamAnswer(deltas, last) as { text: string; output_ids: number[]; meta_info: { finish_reason: unknown } };
    expect(whole.output_ids).toEqual([1, 2, 3, 4]);
    expect(whole.text).toBe("t1t2t3t4");
    expect(whole.meta_info.finish_reason).toEqual({ type: "length", length: 4 });
    expect(paritySample("generate", whole)).toEqual({ kind: "generate", output: [1, 2, 3, 4].map((id) => ({ id, text: `t${id}`, logprob: -0.1 * id, top: null })) });
    // the last delta alone would have judged one token: the bug this guards
    expect((paritySample("generate", last) as { output: unknown[] }).output).toHaveLength(1);
    // the sender asks this of a kept stream's second token chunk: a delta is kept with the rest, a whole answer ends the keeping
    expect(holdsWholeAnswer(deltas[1]!)).toBe(false);
    expect(holdsWholeAnswer(ev([1, 2], 2))).toBe(true);
    expect(holdsWholeAnswer("not json")).toBe(true); // nothing to join: the last chunk is the answer
    // default cumulative chunks: the last one is returned as it is, the others never parsed again
    const cumulative = [ev([1], 1), ev([1, 2], 2), "not json at all"];
    const lastC = JSON.parse(ev([1, 2, 3], 3));
    expect(streamAnswer(cumulative, lastC)).toBe(lastC);
    // ids without logprob lists still give the tokens (logprobs missing, never 0)
    expect(paritySample("generate", { text: "ab", output_ids: [7, 8], meta_info: { finish_reason: null, completion_tokens: 2 } })).toEqual({
      kind: "generate",
      output: [7, 8].map((id) => ({ id, text: null, logprob: null, top: null })),
    });
  });

  it("parses Prometheus text: sums each sglang:* metric over its label sets", () => {
    const text = [
      "# HELP sglang:num_queue_reqs waiting",
      "# TYPE sglang:num_queue_reqs gauge",
      'sglang:num_queue_reqs{model_name="m",tp_rank="0"} 3',
      'sglang:num_queue_reqs{model_name="m",tp_rank="1"} 4',
      "sglang:cache_hit_rate 0.25",
      'sglang:e2e_request_latency_seconds_bucket{le="+Inf"} 12 1700000000',
      "garbage",
    ].join("\n");
    const m = parsePrometheus(text);
    expect(m.get("sglang:num_queue_reqs")).toEqual({ sum: 7, n: 2 });
    expect(m.get("sglang:cache_hit_rate")).toEqual({ sum: 0.25, n: 1 });
    expect(m.get("sglang:e2e_request_latency_seconds_bucket")).toEqual({ sum: 12, n: 1 });
    expect(m.has("garbage")).toBe(false);
  });
});
