import type { BackendConfig, BackendError } from "../../lib/schemas/backend";
import type { Dialect } from "../../lib/schemas/dialect";
import type { Exchange } from "../../lib/schemas/exchange";
import { checkHealth } from "./health";
import { requestJson, type HttpFailure, type HttpSpec } from "./http";
import { readIdentity, type IdentityEndpoints } from "./identity";
import { nextToken, promptPositions, toCount, toScoreMatrix } from "./normalize";
import { echoBody, generateBody, promptLogprobsBody, scoreBody, type PayloadKnobs } from "./payloads";
import { streamGenerate } from "./generate";
import { mapLimit } from "./pool";
import type { Adapter, CallOptions, Failure, Outcome, Tokenized } from "./types";
import { GenerateObject, ModelList, parseWire, ScoreResponse, TokenizeResponse } from "./wire";

/** Everything that makes one dialect different from the other, as data. */
export interface DialectSpec extends PayloadKnobs {
  dialect: Dialect;
  healthPath: string;
  identity: IdentityEndpoints;
  /** null when the dialect has no tokenizer endpoint. */
  tokenizePath: string | null;
  /** /v1/score (and /v1/*) refuse a request without `model` (sglang-jax). */
  requiresModel: boolean;
  /** Said on a 404, e.g. which dialect the endpoint belongs to. */
  notFoundHint: string;
}

/** Concurrency of per-text echo requests (a tokenizer fallback): enough to overlap, gentle on the server. */
const ECHO_CONCURRENCY = 4;

function fail(r: HttpFailure, exchanges: Exchange[] = []): Failure {
  return { ok: false, error: r.error, latencyMs: r.latencyMs, exchanges: [...exchanges, r.exchange] };
}

/** A call that answered 2xx but not usefully: the exchange is kept, marked with the error. */
function failWith(error: BackendError, exchange: Exchange, latencyMs: number | null, before: Exchange[] = []): Failure {
  return { ok: false, error, latencyMs, exchanges: [...before, { ...exchange, error }] };
}

export function makeAdapter(spec: DialectSpec): Adapter {
  const post = (label: string, path: string, body: unknown): HttpSpec => ({
    label,
    method: "POST",
    path,
    body,
    notFoundHint: spec.notFoundHint,
  });

  /** The model name /v1/score should carry: the backend's, else (where required) the served one. */
  async function modelFor(backend: BackendConfig, opts: CallOptions): Promise<Outcome<{ model: string | null; exchanges: Exchange[] }>> {
    if (backend.model) return { ok: true, model: backend.model, exchanges: [] };
    if (!spec.requiresModel) return { ok: true, model: null, exchanges: [] };
    const r = await requestJson(backend, { label: "served model (for `model`)", method: "GET", path: "/v1/models" }, opts);
    if (!r.ok) return fail(r);
    const list = parseWire(ModelList, r.json, "GET /v1/models");
    const id = list.ok ? list.value.data[0]?.id : undefined;
    if (!id) {
      const error: BackendError = {
        kind: "malformed",
        message: `GET /v1/models lists no model, and ${spec.dialect} needs \`model\` in /v1/score; set the backend's model name`,
      };
      return failWith(error, r.exchange, r.latencyMs);
    }
    return { ok: true, model: id, exchanges: [r.exchange] };
  }

  const adapter: Adapter = {
    dialect: spec.dialect,

    health: (backend, opts) => checkHealth(backend, spec.healthPath, opts),

    model: modelFor,

    identity: (backend, opts) => readIdentity(backend, { ...spec.identity, notFoundHint: spec.notFoundHint }, opts),

    async tokenize(backend, texts, opts) {
      if (spec.tokenizePath === null) {
        return {
          ok: false,
          latencyMs: null,
          error: { kind: "invalid-input", message: `${spec.dialect} has no /tokenize endpoint; use ids echoed by /generate instead` },
        };
      }
      const body = { ...(backend.model ? { model: backend.model } : {}), prompt: texts, add_special_tokens: true };
      const r = await requestJson(backend, post("tokenize", spec.tokenizePath, body), opts);
      if (!r.ok) return fail(r);
      const parsed = parseWire(TokenizeResponse, r.json, `POST ${spec.tokenizePath}`);
      if (!parsed.ok) return failWith(parsed.error, r.exchange, r.latencyMs);
      const tokens = parsed.value.tokens;
      const ids = tokens.length > 0 && typeof tokens[0] === "number" ? [tokens as number[]] : (tokens as number[][]);
      if (ids.length !== texts.length) {
        const error: BackendError = {
          kind: "malformed",
          message: `POST ${spec.tokenizePath}: sent ${texts.length} texts, got ${ids.length} token lists back`,
        };
        return failWith(error, r.exchange, r.latencyMs);
      }
      return { ok: true, ids, method: "tokenize", latencyMs: r.latencyMs, exchanges: [r.exchange], nonFinite: 0 };
    },

    async echoTokenize(backend, texts, opts) {
      const started = performance.now();
      const results = await mapLimit(texts, ECHO_CONCURRENCY, (text, i) =>
        requestJson(backend, post(`tokenize via /generate echo, text ${i + 1}`, "/generate", echoBody(text, spec)), opts),
      );
      const exchanges = results.map((r) => r.exchange);
      const ids: number[][] = [];
      for (const r of results) {
        if (!r.ok) return { ok: false, error: r.error, latencyMs: r.latencyMs, exchanges };
        const parsed = parseWire(GenerateObject, r.json, "POST /generate");
        if (!parsed.ok) return { ok: false, error: parsed.error, latencyMs: r.latencyMs, exchanges };
        ids.push(promptPositions(parsed.value.meta_info).map((p) => p.id));
      }
      const out: Tokenized = { ids, method: "generate-echo", latencyMs: performance.now() - started, exchanges, nonFinite: 0 };
      return { ok: true, ...out };
    },

    async score(backend, req, opts) {
      const model = await modelFor(backend, opts);
      if (!model.ok) return model;
      const r = await requestJson(backend, post("score", "/v1/score", scoreBody(req, model.model)), opts);
      if (!r.ok) return fail(r, model.exchanges);
      const parsed = parseWire(ScoreResponse, r.json, "POST /v1/score");
      if (!parsed.ok) return failWith(parsed.error, r.exchange, r.latencyMs, model.exchanges);
      const scores = toScoreMatrix(parsed.value.scores);
      return {
        ok: true,
        scores,
        promptTokens: toCount(parsed.value.usage?.prompt_tokens),
        latencyMs: r.latencyMs,
        exchanges: [...model.exchanges, r.exchange],
        nonFinite: r.nonFinite,
      };
    },

    async promptLogprobs(backend, req, opts) {
      const r = await requestJson(backend, post("prompt logprobs", "/generate", promptLogprobsBody(req, spec)), opts);
      if (!r.ok) return fail(r);
      const parsed = parseWire(GenerateObject, r.json, "POST /generate");
      if (!parsed.ok) return failWith(parsed.error, r.exchange, r.latencyMs);
      const meta = parsed.value.meta_info;
      const tokens = promptPositions(meta);
      return {
        ok: true,
        tokens,
        next: nextToken(meta),
        promptTokens: toCount(meta.prompt_tokens),
        latencyMs: r.latencyMs,
        exchanges: [r.exchange],
        nonFinite: r.nonFinite,
      };
    },

    generate: (backend, req, opts) => streamGenerate(backend, opts, post("generate", "/generate", generateBody(req))),
  };
  return adapter;
}
