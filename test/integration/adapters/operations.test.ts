import { describe, expect, it } from "vitest";
import { Exchange } from "../../../lib/schemas/exchange";
import { adapters } from "../../../server/adapters/registry";
import type { FakeDialect } from "../../fixtures/cells/fakeSglang";
import { backendAt, bodiesOf, useFakes } from "../../fixtures/cells/harness";

const fake = useFakes();
const T = { timeoutMs: 3000 };
const dialects: FakeDialect[] = ["sglang", "sglang-jax"];

describe.each(dialects)("adapter operations (%s)", (dialect) => {
  const adapter = adapters[dialect];

  it("tokenizes (or says it cannot) and echo-tokenizes to the same ids", async () => {
    const s = await fake({ dialect });
    const b = backendAt(s.url, dialect);
    const direct = await adapter.tokenize(b, ["Hello world", " yes"], T);
    const echo = await adapter.echoTokenize(b, ["Hello world", " yes"], T);
    expect(echo.ok).toBe(true);
    if (!echo.ok) return;
    expect(echo.method).toBe("generate-echo");
    expect(echo.ids[0]?.[0]).toBe(1); // BOS, as a text prompt gets it
    if (dialect === "sglang") {
      expect(direct.ok && direct.ids).toEqual(echo.ids);
    } else {
      expect(direct.ok).toBe(false);
      if (!direct.ok) {
        expect(direct.error.kind).toBe("invalid-input");
        expect(direct.error.message).toContain("no /tokenize");
      }
    }
  });

  it("scores in token form, sending `model` where the dialect requires it", async () => {
    const s = await fake({ dialect, modelPath: "org/model-x" });
    const r = await adapter.score(backendAt(s.url, dialect), { query: [1, 5, 6], items: [[7], [8, 9]], labelIds: [11, 12], applySoftmax: true, itemFirst: false }, T);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scores).toHaveLength(2);
    expect(r.scores[0]?.reduce((x, y) => (x ?? 0) + (y ?? 0), 0)).toBeCloseTo(1, 6);
    const sent = bodiesOf(s, "/v1/score")[0];
    expect(sent).toMatchObject({ query: [1, 5, 6], items: [[7], [8, 9]], label_token_ids: [11, 12], apply_softmax: true, item_first: false });
    if (dialect === "sglang-jax") {
      expect(sent?.model).toBe("org/model-x"); // from /v1/models
      expect(r.exchanges.map((e) => e.label)).toEqual(["served model (for `model`)", "score"]);
      expect(r.promptTokens).toBeNull(); // jax never fills usage
    } else {
      expect(sent).not.toHaveProperty("model");
      expect(r.promptTokens).toBe(1);
    }
    const withModel = await adapter.score(backendAt(s.url, dialect, { model: "mine" }), { query: [1], items: [[2]], labelIds: [3], applySoftmax: false, itemFirst: true }, T);
    expect(withModel.ok).toBe(true);
    expect(bodiesOf(s, "/v1/score")[1]?.model).toBe("mine");
  });

  it("returns teacher-forced prompt logprobs as a TokenSequence (first one null)", async () => {
    const s = await fake({ dialect });
    const ids = [1, 500, 600, 700];
    const r = await adapter.promptLogprobs(backendAt(s.url, dialect), { ids, topK: 3, labelIds: [42, 43] }, T);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tokens.map((t) => t.id)).toEqual(ids);
    expect(r.tokens[0]?.logprob).toBeNull();
    expect(r.tokens.slice(1).every((t) => typeof t.logprob === "number")).toBe(true);
    expect(r.tokens[2]?.top).toHaveLength(3);
    expect(r.tokens[2]?.labels?.map((l) => l.id)).toEqual([42, 43]);
    expect(r.next?.labels?.map((l) => l.id)).toEqual([42, 43]);
    const body = bodiesOf(s, "/generate")[0];
    expect(body).toMatchObject({
      input_ids: ids,
      return_logprob: true,
      logprob_start_len: 0,
      top_logprobs_num: 3,
      token_ids_logprob: [42, 43],
      return_text_in_logprobs: true,
      sampling_params: { max_new_tokens: dialect === "sglang" ? 0 : 1 },
    });
  });

  it("streams a generation, de-cumulating chunks and timing every event", async () => {
    const s = await fake({ dialect });
    const progress: number[] = [];
    const r = await adapter.generate(
      backendAt(s.url, dialect),
      { ids: [1, 500, 600], sampling: { maxNewTokens: 6, temperature: 0, seed: 7, stop: ["\n"] }, topLogprobs: 2 },
      { ...T, onProgress: (p) => progress.push(p.tokens.length) },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.tokens).toHaveLength(6);
    expect(r.completionTokens).toBe(6);
    expect(r.promptTokens).toBe(3);
    expect(r.finishReason).toEqual({ type: "length", detail: 6 });
    expect(r.text).toBe(r.tokens.map((t) => t.text).join(""));
    const ex = r.exchanges[0];
    expect(() => Exchange.parse(ex)).not.toThrow();
    const t = ex?.timings;
    expect(t?.chunkTokens).toEqual([1, 1, 1, 1, 1, 1]);
    expect(t?.firstTokenMs).toBe(t?.chunkMs[0]);
    expect([...(t?.chunkMs ?? [])].sort((x, y) => x - y)).toEqual(t?.chunkMs);
    expect(t?.lastByteMs ?? 0).toBeGreaterThanOrEqual(t?.chunkMs.at(-1) ?? Infinity);
    expect(ex?.response?.events).toHaveLength(6);
    expect(bodiesOf(s, "/generate")[0]).toMatchObject({
      stream: true,
      sampling_params: { max_new_tokens: 6, temperature: 0, sampling_seed: 7, stop: ["\n"] },
      top_logprobs_num: 2,
    });
  });

  it("folds incremental (delta) chunks into the same result as cumulative ones", async () => {
    const req = { ids: [1, 500, 600], sampling: { maxNewTokens: 5, temperature: 0 }, topLogprobs: 2 };
    const cumulative = await adapter.generate(backendAt((await fake({ dialect })).url, dialect), req, T);
    const progress: number[] = [];
    const delta = await adapter.generate(backendAt((await fake({ dialect, incremental: true })).url, dialect), req, { ...T, onProgress: (p) => progress.push(p.added) });
    expect(delta.ok && cumulative.ok).toBe(true);
    if (!delta.ok || !cumulative.ok) return;
    expect(delta.tokens).toEqual(cumulative.tokens);
    expect(delta.text).toBe(cumulative.text);
    expect(progress).toEqual([1, 1, 1, 1, 1]);
  });

  it("records the exact request with the API key redacted, and the raw answer", async () => {
    const s = await fake({ dialect, apiKey: "sk-secret" });
    const r = await adapter.promptLogprobs(backendAt(s.url, dialect, { apiKey: "sk-secret" }), { ids: [1, 2], topK: 0, labelIds: [] }, T);
    expect(r.ok).toBe(true);
    const ex = r.exchanges?.[0];
    expect(ex?.request.headers.authorization).toBe("Bearer ***");
    expect(ex?.request.url).toBe(`${s.url}/generate`);
    expect(ex?.request.body).toBe(s.requests.at(-1)?.body);
    expect(ex?.response?.body).toContain('"meta_info"');
    expect(JSON.stringify(r)).not.toContain("sk-secret");
  });
});

describe.each(dialects)("adapter faults (%s)", (dialect) => {
  const adapter = adapters[dialect];
  const score = { query: [1, 2], items: [[3]], labelIds: [4], applySoftmax: true, itemFirst: false };

  it("a /v1/* error body ({object: error, message}) becomes the message", async () => {
    const body = JSON.stringify({ object: "error", message: "Token ID 99999 is out of vocabulary (vocab size: 50000)", type: "BadRequestError", param: null, code: 400 });
    const s = await fake({ dialect, fault: (p) => (p === "/v1/score" ? { kind: "status", status: 400, body } : undefined) });
    const r = await adapter.score(backendAt(s.url, dialect, { model: "m" }), score, T);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "http", status: 400 });
    expect(r.error.message).toBe("POST /v1/score answered 400 Bad Request: Token ID 99999 is out of vocabulary (vocab size: 50000)");
    expect(r.exchanges?.[0]?.response?.body).toBe(body);
  });

  it("a /generate error body ({error: {message}}) becomes the message", async () => {
    const s = await fake({ dialect });
    // the fake answers like the servers when neither text nor input_ids is given: send an empty prompt list
    const r = await adapter.promptLogprobs(backendAt(s.url, dialect), { ids: undefined as unknown as number[], topK: 0, labelIds: [] }, T);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^POST \/generate answered 400 Bad Request: (Either text|At least one of text)/);
  });

  it("a 500 HTML page and a non-JSON 200 are named as such", async () => {
    const s = await fake({
      dialect,
      fault: (p) =>
        p === "/v1/score"
          ? { kind: "status", status: 500, body: "<!DOCTYPE html><html><title>Oops</title></html>", contentType: "text/html" }
          : p === "/generate"
            ? { kind: "status", status: 200, body: "OK then", contentType: "text/plain" }
            : undefined,
    });
    const b = backendAt(s.url, dialect, { model: "m" });
    const r1 = await adapter.score(b, score, T);
    expect(!r1.ok && r1.error.message).toBe('POST /v1/score answered 500 Internal Server Error: an HTML page ("Oops") instead of an API response; is the URL pointing at a proxy or another server?');
    const r2 = await adapter.promptLogprobs(b, { ids: [1, 2], topK: 0, labelIds: [] }, T);
    expect(!r2.ok && r2.error.kind).toBe("malformed");
    expect(!r2.ok && r2.error.message).toMatch(/answered 200 but the body is not valid JSON .*"OK then"/);
  });

  it("a JSON body of the wrong shape names the bad field", async () => {
    const s = await fake({ dialect, fault: (p) => (p === "/v1/score" ? { kind: "status", status: 200, body: '{"scores": "nope"}' } : undefined) });
    const r = await adapter.score(backendAt(s.url, dialect, { model: "m" }), score, T);
    expect(!r.ok && r.error.kind).toBe("malformed");
    expect(!r.ok && r.error.message).toMatch(/^POST \/v1\/score: answered 200 but the body does not have the expected shape: scores: /);
  });

  it("a slow server times out with the time it was given", async () => {
    const s = await fake({ dialect, fault: (p) => (p === "/v1/score" ? { kind: "delay", ms: 1500 } : undefined) });
    const r = await adapter.score(backendAt(s.url, dialect, { model: "m" }), score, { timeoutMs: 200 });
    expect(!r.ok && r.error.kind).toBe("timeout");
    expect(!r.ok && r.error.message).toBe("POST /v1/score: no complete answer within 200 ms (before any answer); raise the cell's timeout or check the server's load");
    expect(!r.ok && r.exchanges?.[0]?.timings.lastByteMs).toBeGreaterThanOrEqual(150);
  });

  it("NaN and null logprobs become null (missing), never 0", async () => {
    for (const kind of ["nan-logprobs", "null-logprobs"] as const) {
      const s = await fake({ dialect, fault: (p) => (p === "/generate" ? { kind } : undefined) });
      const r = await adapter.promptLogprobs(backendAt(s.url, dialect), { ids: [1, 5, 6, 7], topK: 2, labelIds: [] }, T);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.tokens.map((t) => t.logprob)).toEqual([null, null, null, null]);
      expect(r.tokens[1]?.top?.every((a) => a.logprob === null)).toBe(true);
      expect(r.nonFinite).toBe(kind === "nan-logprobs" ? r.exchanges[0]?.response?.body?.match(/NaN/g)?.length : 0);
    }
  });

  it("a stream cut halfway is stream-cut, with the tokens that arrived kept", async () => {
    const s = await fake({ dialect, fault: (p) => (p === "/generate" ? { kind: "cut-after", events: 3 } : undefined) });
    const r = await adapter.generate(backendAt(s.url, dialect), { ids: [1, 2, 3], sampling: { maxNewTokens: 8, temperature: 0 }, topLogprobs: 1 }, T);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("stream-cut");
    expect(r.error.message).toMatch(/^POST \/generate: the connection dropped after 3 events|^POST \/generate: the stream ended after 3 events without \[DONE\]/);
    expect(r.partial?.tokens).toHaveLength(3);
    expect(r.exchanges?.[0]?.response?.events).toHaveLength(3);
  });

  it("an error event mid-stream fails the call in the server's words, keeping the partial output", async () => {
    const s = await fake({ dialect, fault: (p) => (p === "/generate" ? { kind: "error-event", after: 2, message: "KV cache exhausted" } : undefined) });
    const r = await adapter.generate(backendAt(s.url, dialect), { ids: [1, 2, 3], sampling: { maxNewTokens: 8, temperature: 0 }, topLogprobs: 0 }, T);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe("POST /generate: the server reported an error mid-stream: KV cache exhausted");
    expect(r.partial?.tokens).toHaveLength(2);
  });

  it("a dropped connection before any answer is unreachable", async () => {
    const s = await fake({ dialect, fault: () => ({ kind: "destroy" }) });
    const r = await adapter.score(backendAt(s.url, dialect, { model: "m" }), score, T);
    expect(!r.ok && r.error.kind).toBe("unreachable");
    expect(!r.ok && r.error.message).toMatch(/^POST \/v1\/score: (the connection to .* (was reset|closed)|could not reach)/);
  });

  it("caps the recorded evidence but parses the whole body", async () => {
    const s = await fake({ dialect });
    const { requestJson } = await import("../../../server/adapters/http");
    const r = await requestJson(backendAt(s.url, dialect), { label: "x", method: "GET", path: "/v1/models" }, { ...T, bodyCapChars: 20 });
    expect(r.ok).toBe(true);
    expect(r.exchange.response?.truncated).toBe(true);
    expect(r.exchange.response?.body).toHaveLength(20);
    expect(r.exchange.response?.totalChars).toBeGreaterThan(20);
  });
});
