import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { useEngines, get, post } from "./helpers";

let s: RunningEngine, slow: RunningEngine;
useEngines([{ dialect: "sglang" }, { dialect: "sglang-jax", maxRunningRequests: 2, stepDelayMs: 10 }], (list) => ([s, slow] = list));

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const request = (text: string) => ({
  text,
  sampling_params: { max_new_tokens: 8, temperature: 0.8, sampling_seed: 11 },
  return_logprob: true,
  logprob_start_len: 0,
  top_logprobs_num: 3,
});

describe("determinism", () => {
  it("same request alone, twice, and inside a concurrent batch gives identical numbers", async () => {
    const text = "The Town Mouse rather turned up his long nose at this country fare";
    await post(s.url, "/flush_cache", {});
    const alone = await post(s.url, "/generate", request(text));
    const again = await post(s.url, "/generate", request(text));
    const crowd = await Promise.all([
      post(s.url, "/generate", request("The Crow and the Pitcher")),
      post(s.url, "/generate", { ...request("A long unrelated prompt about a Goose that laid golden eggs every single morning"), sampling_params: { max_new_tokens: 30 } }),
      post(s.url, "/generate", request(text)),
      post(s.url, "/generate", { text: ["x y z", text], sampling_params: { max_new_tokens: 5 } }),
    ]);
    const strip = (b: any) => ({ ids: b.output_ids, text: b.text, lp: b.meta_info.input_token_logprobs, out: b.meta_info.output_token_logprobs, top: b.meta_info.output_top_logprobs });
    expect(strip(again.body)).toEqual(strip(alone.body));
    expect(strip(crowd[2].body)).toEqual(strip(alone.body));
  });

  it("a prefix-cache hit reports cached_tokens and changes no number", async () => {
    const text = "In a field one summer's day a Grasshopper was hopping about, chirping and singing to its heart's content. An Ant passed by";
    await post(s.url, "/flush_cache", {});
    const body = { text, sampling_params: { max_new_tokens: 6, temperature: 0 }, return_logprob: true, token_ids_logprob: [1, 2, 3] };
    const cold = await post(s.url, "/generate", body);
    const warm = await post(s.url, "/generate", body);
    expect(cold.body.meta_info.cached_tokens).toBe(0);
    expect(warm.body.meta_info.cached_tokens).toBeGreaterThanOrEqual(16);
    expect(warm.body.meta_info.cached_tokens % 16).toBe(0);
    expect(warm.body.meta_info.output_token_logprobs).toEqual(cold.body.meta_info.output_token_logprobs);
    expect(warm.body.meta_info.output_token_ids_logprobs).toEqual(cold.body.meta_info.output_token_ids_logprobs);
    const metrics = await (await fetch(s.url + "/metrics")).text();
    expect(metrics).toMatch(/^sglang:cached_tokens_total\{[^}]*\} [1-9]\d*\.0$/m);
  });
});

describe("continuous batching under load", () => {
  it("queues beyond --max-running-requests and reports it; health stays responsive", async () => {
    const body = { text: "The Lion", sampling_params: { max_new_tokens: 20, ignore_eos: true, temperature: 0 } };
    const inflight = Array.from({ length: 6 }, () => post(slow.url, "/generate", body));
    // wait for the scheduler to admit what it can: arrival and admission are separate steps
    await until(() => slow.engine.scheduler.running.length === 2 && slow.engine.scheduler.waiting.length === 4);
    const info = await get(slow.url, "/get_server_info");
    const st = info.body.internal_states[0];
    expect(st.running_batch_size).toBe(2);
    expect(st.waiting_queue_size).toBe(4);
    expect(st.running_batch_rids).toHaveLength(2);
    expect((await get(slow.url, "/health")).status).toBe(200);
    // the deep check answers once the busy scheduler makes progress, not after the queue drains
    expect((await get(slow.url, "/health_generate")).status).toBe(200);
    expect(slow.engine.scheduler.waiting.length).toBeGreaterThan(0);
    const results = await Promise.all(inflight);
    const latencies = results.map((r) => r.body.meta_info.e2e_latency as number).sort((a, b) => a - b);
    // later requests waited for a running slot: latency grows with concurrency
    expect(latencies[5]!).toBeGreaterThan(latencies[0]! * 2);
    expect(new Set(results.map((r) => JSON.stringify(r.body.output_ids))).size).toBe(1);
    const flush = await fetch(slow.url + "/flush_cache", { method: "POST" });
    expect(flush.status).toBe(200);
  });

  it("flush_cache is refused (400) while requests run; abort_request ends them", async () => {
    const pending = post(slow.url, "/generate", { text: "The Lion", rid: "long-one", sampling_params: { max_new_tokens: 500, ignore_eos: true } });
    await until(() => slow.engine.scheduler.running.length === 1);
    const flush = await fetch(slow.url + "/flush_cache", { method: "POST" });
    expect(flush.status).toBe(400);
    expect((await post(slow.url, "/abort_request", { rid: "long-one" })).status).toBe(200);
    const r = await pending;
    expect(r.body.meta_info.finish_reason.type).toBe("abort");
    expect(r.body.meta_info.completion_tokens).toBeLessThan(500);
  });
});
