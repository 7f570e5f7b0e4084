import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { useEngines, get, post } from "./helpers";

let s: RunningEngine, j: RunningEngine, jm: RunningEngine;
useEngines([{ dialect: "sglang" }, { dialect: "sglang-jax", dtype: "bfloat16" }, { dialect: "sglang-jax", enableMetrics: true }], (list) => ([s, j, jm] = list));

describe("sglang-jax /generate differences", () => {
  it("fills logprob texts by default and returns one null input entry for logprob_start_len -1", async () => {
    const prompt = j.engine.tokenizer.encode("The Fox and the");
    const r = await post(j.url, "/generate", { input_ids: prompt, sampling_params: { max_new_tokens: 2, temperature: 0 }, return_logprob: true });
    const m = r.body.meta_info;
    expect(m.input_token_logprobs).toEqual([[null, prompt.at(-1), " the"]]);
    expect(m.output_token_logprobs[0][2]).toBe(j.engine.tokenizer.tokenText(r.body.output_ids[0]));
    expect(Object.keys(m)).toEqual(["id", "finish_reason", "prompt_tokens", "input_token_logprobs", "output_token_logprobs", "completion_tokens", "cached_tokens", "cache_miss_count", "e2e_latency"]);
    const off = await post(j.url, "/generate", { input_ids: prompt, sampling_params: { max_new_tokens: 1 }, return_logprob: true, return_text_in_logprobs: false });
    expect(off.body.meta_info.input_token_logprobs).toEqual([[null, prompt.at(-1), null]]);
  });

  it("uses the jax validation messages", async () => {
    const none = await post(j.url, "/generate", {});
    expect(none.body).toEqual({ error: { message: "At least one of text, input_ids, or image should be provided" } });
  });
});

describe("info endpoints", () => {
  it("sglang: /model_info, /server_info and the deprecated get_* aliases", async () => {
    const mi = await get(s.url, "/model_info");
    expect(mi.body).toEqual({
      model_path: "studio/reference-tiny-lm",
      tokenizer_path: "studio/reference-tiny-lm",
      is_generation: true,
      preferred_sampling_params: null,
      weight_version: "default",
      has_image_understanding: false,
      has_audio_understanding: false,
      model_type: "reference_tiny_lm",
      architectures: ["ReferenceTinyLMForCausalLM"],
    });
    expect((await get(s.url, "/get_model_info")).body).toEqual(mi.body);
    const si = await get(s.url, "/server_info");
    expect(si.body).toMatchObject({ model_path: "studio/reference-tiny-lm", dtype: "float32", context_length: 2048, port: s.port, version: "0.1.0-studio-reference", enable_mis: false });
    expect(si.body).not.toHaveProperty("api_key");
    const st = si.body.internal_states[0];
    expect(st).toMatchObject({ last_gen_throughput: expect.any(Number), memory_usage: { token_capacity: 65536, graph: 0 } });
    expect((await get(s.url, "/get_server_info")).body.version).toBe("0.1.0-studio-reference");
    expect((await get(s.url, "/profile_status")).status).toBe(404);
  });

  it("sglang-jax: only get_* names, with queue state in internal_states", async () => {
    expect((await get(j.url, "/model_info")).status).toBe(404);
    expect((await get(j.url, "/server_info")).status).toBe(404);
    expect((await get(j.url, "/get_model_info")).body).toEqual({
      model_path: "studio/reference-tiny-lm",
      tokenizer_path: "studio/reference-tiny-lm",
      is_generation: true,
      preferred_sampling_params: null,
    });
    const si = await get(j.url, "/get_server_info");
    expect(si.body.dtype).toBe("bfloat16");
    expect(si.body).not.toHaveProperty("enable_mis");
    expect(si.body.internal_states[0]).toMatchObject({
      waiting_queue_size: 0,
      running_batch_size: 0,
      last_gen_throughput: expect.any(Number),
      memory_usage: { kvcache: expect.any(Number), token_capacity: 65536 },
      engine_paused: false,
    });
    expect((await get(j.url, "/profile_status")).body).toEqual({ status: "idle" });
  });

  it("/v1/models with parent on sglang, without on jax; /v1/models/{id}", async () => {
    const sm = await get(s.url, "/v1/models");
    expect(sm.body).toEqual({
      object: "list",
      data: [{ id: "studio/reference-tiny-lm", object: "model", created: expect.any(Number), owned_by: "sglang", root: "studio/reference-tiny-lm", parent: null, max_model_len: 2048 }],
    });
    const jmodels = await get(j.url, "/v1/models");
    expect(jmodels.body.data[0]).not.toHaveProperty("parent");
    expect((await get(s.url, "/v1/models/studio/reference-tiny-lm")).body.id).toBe("studio/reference-tiny-lm");
    const missing = await get(s.url, "/v1/models/nope");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { message: "The model `nope` does not exist.", type: "invalid_request_error", param: "model", code: "model_not_found" } });
  });

  it("tokenize/detokenize exist on sglang only", async () => {
    const t = await post(s.url, "/tokenize", { prompt: "Was the dog good? yes" });
    expect(t.body).toEqual({ tokens: s.engine.tokenizer.encode("Was the dog good? yes"), count: t.body.tokens.length, max_model_len: 2048 });
    const batch = await post(s.url, "/v1/tokenize", { prompt: ["a b", " yes"] });
    expect(batch.body.count).toEqual([batch.body.tokens[0].length, 1]);
    const d = await post(s.url, "/detokenize", { tokens: t.body.tokens });
    expect(d.body).toEqual({ text: "Was the dog good? yes" });
    expect((await post(s.url, "/v1/detokenize", { tokens: [[t.body.tokens[0]], []] })).body.text).toEqual(["Was", ""]);
    for (const path of ["/tokenize", "/v1/tokenize", "/detokenize", "/v1/detokenize"]) {
      const r = await post(j.url, path, { prompt: "x", tokens: [1] });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: "Not Found" });
    }
  });

  it("health: sglang runs a generation, jax answers at once; both 200 with an empty body", async () => {
    for (const e of [s, j]) {
      for (const path of ["/health", "/health_generate"]) {
        const r = await fetch(e.url + path);
        expect(r.status).toBe(200);
        expect(await r.text()).toBe("");
      }
    }
  });

  it("flush_cache answers with the SGLang text; unknown routes 404, wrong methods 405", async () => {
    const f = await fetch(s.url + "/flush_cache", { method: "POST" });
    expect(f.status).toBe(200);
    expect(await f.text()).toMatch(/^Cache flushed\.\n/);
    expect((await get(s.url, "/nope")).body).toEqual({ detail: "Not Found" });
    const wrong = await get(s.url, "/generate");
    expect(wrong.status).toBe(405);
    expect(wrong.body).toEqual({ detail: "Method Not Allowed" });
  });
});

describe("/metrics", () => {
  it("sglang: Prometheus text with sglang:* names and SGLang's labels", async () => {
    await post(s.url, "/generate", { text: "The Lion", sampling_params: { max_new_tokens: 4, temperature: 0 } });
    const r = await fetch(s.url + "/metrics");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/plain");
    const text = await r.text();
    const sched = 'model_name="studio/reference-tiny-lm",engine_type="unified",tp_rank="0",pp_rank="0",moe_ep_rank="0"';
    for (const name of ["sglang:num_queue_reqs", "sglang:num_running_reqs", "sglang:cache_hit_rate", "sglang:token_usage", "sglang:gen_throughput"]) {
      expect(text).toContain(`# TYPE ${name} gauge`);
      expect(text).toContain(`${name}{${sched}} `);
    }
    for (const name of ["sglang:prompt_tokens_total", "sglang:generation_tokens_total", "sglang:num_requests_total"]) {
      expect(text).toMatch(new RegExp(`^${name}\\{model_name="studio/reference-tiny-lm"\\} [1-9][0-9]*\\.0$`, "m"));
    }
    expect(text).toMatch(/^sglang:cached_tokens_total\{model_name="studio\/reference-tiny-lm",cache_source="device"\} \d+\.0$/m);
    for (const h of ["sglang:time_to_first_token_seconds", "sglang:e2e_request_latency_seconds"]) {
      expect(text).toContain(`# TYPE ${h} histogram`);
      expect(text).toMatch(new RegExp(`^${h}_bucket\\{model_name="studio/reference-tiny-lm",le="\\+Inf"\\} [1-9]`, "m"));
      expect(text).toContain(`${h}_count{`);
      expect(text).toContain(`${h}_sum{`);
    }
  });

  it("health probes stay out of the request counters", async () => {
    const count = async () => Number(/^sglang:num_requests_total\{[^}]*\} (\S+)$/m.exec(await (await fetch(s.url + "/metrics")).text())![1]);
    const before = await count();
    await fetch(s.url + "/health");
    await fetch(s.url + "/health_generate");
    expect(await count()).toBe(before);
  });

  it("sglang-jax: 404 without --enable-metrics, only pd_* with it", async () => {
    expect((await fetch(j.url + "/metrics")).status).toBe(404);
    const text = await (await fetch(jm.url + "/metrics")).text();
    expect(text).toContain("pd_transfer_inflight 0.0");
    expect(text).not.toContain("sglang:");
  });
});
