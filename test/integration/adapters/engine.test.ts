import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendConfig } from "../../../lib/schemas/backend";
import { Exchange } from "../../../lib/schemas/exchange";
import { adapters } from "../../../server/adapters/registry";
import { startEngine, type RunningEngine } from "../../../server/engine";

/** Both adapters against the project's reference engine, each in its own dialect (a real HTTP server). */
const engines: Partial<Record<"sglang" | "sglang-jax" | "keyed", RunningEngine>> = {};
beforeAll(async () => {
  [engines.sglang, engines["sglang-jax"], engines.keyed] = await Promise.all([
    startEngine({ dialect: "sglang", port: 0, dtype: "float32" }),
    startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16" }),
    startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16", apiKey: "k-123" }),
  ]);
});
afterAll(async () => {
  await Promise.all(Object.values(engines).map((e) => e?.close()));
});

const T = { timeoutMs: 20_000 };
const backend = (dialect: "sglang" | "sglang-jax", extra: Partial<BackendConfig> = {}): BackendConfig => ({
  id: dialect,
  name: dialect,
  dialect,
  baseUrl: (engines[dialect] as RunningEngine).url,
  source: "reference",
  ...extra,
});

describe.each(["sglang", "sglang-jax"] as const)("adapter against the reference engine (%s)", (dialect) => {
  const adapter = adapters[dialect];

  it("is healthy and identifies as the reference engine", async () => {
    expect((await adapter.health(backend(dialect), T)).ok).toBe(true);
    const id = await adapter.identity(backend(dialect), T);
    expect(id.errors).toEqual([]);
    expect(id.isReferenceEngine).toBe(true);
    expect(id.modelPath).toMatch(/^studio\/reference/);
    expect(id.servedModel).toBeTruthy();
    expect(id.dtype).toBe(dialect === "sglang" ? "float32" : "bfloat16");
    expect(id.maxModelLen).toBeGreaterThan(0);
    expect(id.version).toBeTruthy();
  });

  it("tokenizes where it can; the /generate echo gives the same ids as sglang's /tokenize", async () => {
    const texts = ["Once upon a time", " yes"];
    const echo = await adapter.echoTokenize(backend(dialect), texts, T);
    expect(echo.ok).toBe(true);
    const reference = await adapters.sglang.tokenize(backend("sglang"), texts, T);
    expect(reference.ok).toBe(true);
    if (echo.ok && reference.ok) expect(echo.ids).toEqual(reference.ids);
    const direct = await adapter.tokenize(backend(dialect), texts, T);
    expect(direct.ok).toBe(dialect === "sglang");
  });

  it("scores and returns prompt logprobs for the same ids", async () => {
    const tok = await adapters.sglang.tokenize(backend("sglang"), ["Is it good? Answer:", "Is it good? Answer: yes", " yes", " no"], T);
    if (!tok.ok) throw new Error(tok.error.message);
    const [query, full, [yes], [no]] = tok.ids as [number[], number[], number[], number[]];
    const labelIds = [yes as number, no as number];
    const item = full.slice(query.length);
    const s = await adapter.score(backend(dialect), { query, items: [item], labelIds, applySoftmax: true, itemFirst: false }, T);
    if (!s.ok) throw new Error(s.error.message);
    expect(s.scores[0]?.reduce((x, y) => (x ?? 0) + (y ?? 0), 0)).toBeCloseTo(1, 5);
    expect(s.promptTokens === null).toBe(dialect === "sglang-jax");
    const p = await adapter.promptLogprobs(backend(dialect), { ids: full, topK: 4, labelIds }, T);
    if (!p.ok) throw new Error(p.error.message);
    expect(p.tokens.map((t) => t.id)).toEqual(full);
    expect(p.tokens[0]?.logprob).toBeNull();
    expect(p.tokens.slice(1).every((t) => typeof t.logprob === "number" && t.logprob <= 0)).toBe(true);
    expect(p.tokens[1]?.top).toHaveLength(4);
    expect(p.tokens[1]?.text).not.toBeNull();
    expect(p.tokens[1]?.labels?.map((l) => l.id)).toEqual(labelIds);
    expect(p.promptTokens).toBe(full.length);
  });

  it("streams a greedy generation with server token counts and per-event timings", async () => {
    const ids = (await adapter.echoTokenize(backend(dialect), ["Once upon a time"], T)) as { ok: true; ids: number[][] };
    const seen: number[] = [];
    const g = await adapter.generate(
      backend(dialect),
      { ids: ids.ids[0] as number[], sampling: { maxNewTokens: 8, temperature: 0 }, topLogprobs: 3 },
      { ...T, onProgress: (p) => seen.push(p.tokens.length) },
    );
    if (!g.ok) throw new Error(g.error.message);
    expect(g.tokens).toHaveLength(8);
    expect(g.completionTokens).toBe(8);
    expect(seen.at(-1)).toBe(8);
    expect(g.finishReason?.type).toBe("length");
    expect(g.tokens.every((t) => t.top !== null && t.top.length === 3)).toBe(true);
    const ex = g.exchanges[0] as Exchange;
    expect(() => Exchange.parse(ex)).not.toThrow();
    expect(ex.timings.chunkTokens.reduce((a, b) => a + b, 0)).toBe(8);
    expect(ex.timings.firstTokenMs).not.toBeNull();
  });
});

describe("reference engine faults", () => {
  it("a wrong API key is refused in words; the right one works", async () => {
    const url = (engines.keyed as RunningEngine).url;
    const wrong: BackendConfig = { id: "k", name: "k", dialect: "sglang-jax", baseUrl: url, source: "user", apiKey: "nope", model: "m" };
    const r = await adapters["sglang-jax"].score(wrong, { query: [1, 2], items: [[3]], labelIds: [4], applySoftmax: true, itemFirst: false }, T);
    expect(!r.ok && r.error.kind).toBe("unauthorized");
    expect(!r.ok && r.error.message).toMatch(/^POST \/v1\/score answered 401 .*refused the API key/);
    const right = await adapters["sglang-jax"].score({ ...wrong, apiKey: "k-123" }, { query: [1, 2], items: [[3]], labelIds: [4], applySoftmax: true, itemFirst: false }, T);
    expect(right.ok).toBe(true);
  });

  it("a label id out of vocabulary comes back as the server's 400 message", async () => {
    const r = await adapters.sglang.score(backend("sglang"), { query: [1, 2], items: [[3]], labelIds: [10_000_000], applySoftmax: true, itemFirst: false }, T);
    expect(!r.ok && r.error.kind).toBe("http");
    expect(!r.ok && r.error.status).toBe(400);
    expect(!r.ok && r.error.message).toMatch(/^POST \/v1\/score answered 400 Bad Request: .*10000000/);
  });
});
