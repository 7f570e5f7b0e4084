import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { useEngines, post, sseEvents } from "./helpers";

let s: RunningEngine, j: RunningEngine;
useEngines([{ dialect: "sglang" }, { dialect: "sglang-jax", stepDelayMs: 5 }], (list) => ([s, j] = list));

describe("streaming /generate", () => {
  it("sends cumulative chunks (text, ids, logprobs) and ends with [DONE]", async () => {
    const body = { text: "The Fox and the", sampling_params: { max_new_tokens: 6, temperature: 0 }, return_logprob: true };
    for (const e of [s, j]) {
      const r = await sseEvents(e.url, "/generate", { ...body, stream: true });
      expect(r.status).toBe(200);
      expect(r.contentType).toContain("text/event-stream");
      expect(r.events.at(-1)).toBe("[DONE]");
      const chunks = r.events.slice(0, -1).map((x) => JSON.parse(x));
      expect(chunks).toHaveLength(6);
      chunks.forEach((c, i) => {
        expect(c.output_ids).toHaveLength(i + 1);
        expect(c.meta_info.completion_tokens).toBe(i + 1);
        expect(c.meta_info.output_token_logprobs).toHaveLength(i + 1);
        if (i > 0) {
          expect(c.output_ids.slice(0, i)).toEqual(chunks[i - 1].output_ids);
          expect(c.text.startsWith(chunks[i - 1].text)).toBe(true);
        }
        const last = i === chunks.length - 1;
        expect(c.meta_info.finish_reason).toEqual(last ? { type: "length", length: 6 } : null);
        expect("e2e_latency" in c.meta_info).toBe(last);
      });
      const whole = await post(e.url, "/generate", body);
      expect(chunks.at(-1).text).toBe(whole.body.text);
      expect(chunks.at(-1).meta_info.output_token_logprobs).toEqual(whole.body.meta_info.output_token_logprobs);
    }
  });

  it("batch streams interleave chunks tagged with index", async () => {
    const r = await sseEvents(s.url, "/generate", { text: ["The Lion", "The Hare and"], sampling_params: { max_new_tokens: 3, temperature: 0 }, stream: true });
    const chunks = r.events.slice(0, -1).map((x) => JSON.parse(x));
    expect(chunks).toHaveLength(6);
    expect(new Set(chunks.map((c) => c.index))).toEqual(new Set([0, 1]));
    expect(r.events.at(-1)).toBe("[DONE]");
  });

  it("ValueErrors become an error event then [DONE] (status 200)", async () => {
    const r = await sseEvents(s.url, "/generate", { input_ids: [], stream: true });
    expect(r.status).toBe(200);
    expect(r.events).toEqual([JSON.stringify({ error: { message: "input_ids cannot be empty." } }), "[DONE]"]);
  });

  it("a client that disconnects aborts its request", async () => {
    const controller = new AbortController();
    const res = await fetch(j.url + "/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "The Lion", sampling_params: { max_new_tokens: 1000, ignore_eos: true }, stream: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const deadline = Date.now() + 5000;
    while (j.engine.scheduler.running.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(j.engine.scheduler.running).toHaveLength(0);
    expect(j.engine.metrics.numAborted).toBeGreaterThanOrEqual(1);
  });
});
