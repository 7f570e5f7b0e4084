import type { BackendConfig, BackendError } from "../../lib/schemas/backend";
import type { RequestSnapshot } from "../../lib/schemas/benchmark";
import type { TokenSequence } from "../../lib/schemas/tokens";
import { malformed } from "./errors";
import { authHeaders, endpointUrl } from "./http";
import { idsAsPositions, isDeltaChunk, outputPositions, toCount, toFinishReason, toScoreMatrix } from "./normalize";
import { generateBody, scoreBody, type LoadVariant } from "./payloads";
import type { FinishReason } from "./types";
import { GenerateObject, parseWire, ScoreResponse } from "./wire";
import { asRecord, parseJsonLenient } from "./json";

/**
 * The lean path for load generation: the exact HTTP request a benchmark sends (built once per level,
 * body serialised once) and cheap readers of the server's own counts. The full adapters record evidence
 * per call, which is too heavy at thousands of requests per second; this file keeps the wire knowledge
 * here, in server/adapters, while the timed sender (server/bench) only moves bytes and marks time.
 */

export interface LoadHttpRequest {
  method: "POST";
  url: string;
  path: string;
  /** Includes `authorization` when the backend has a key: never log these. */
  headers: Record<string, string>;
  body: string;
  /** true: an SSE stream (generate); false: one JSON document (score). */
  stream: boolean;
  /** Score items in the request; 0 for generate. */
  items: number;
}

/**
 * `logprobs: false` sends a generate without logprobs (BenchmarkSpec.logprobs "parity-only"), `ignoreEos`
 * runs it to max_new_tokens (BenchmarkSpec.ignoreEos); neither applies to score requests.
 */
export function buildLoadRequest(backend: BackendConfig, snapshot: RequestSnapshot, model: string | null, load: LoadVariant = {}): LoadHttpRequest {
  const headers: Record<string, string> = { "content-type": "application/json", ...authHeaders(backend) };
  if (snapshot.kind === "score") {
    const body = scoreBody(
      { query: snapshot.query, items: snapshot.items, labelIds: snapshot.labelIds, applySoftmax: snapshot.applySoftmax, itemFirst: snapshot.itemFirst },
      model,
    );
    return { method: "POST", url: endpointUrl(backend, "/v1/score"), path: "/v1/score", headers, body: JSON.stringify(body), stream: false, items: snapshot.items.length };
  }
  const body = generateBody({ ids: snapshot.ids, sampling: snapshot.sampling, topLogprobs: snapshot.topLogprobs }, load);
  return { method: "POST", url: endpointUrl(backend, "/generate"), path: "/generate", headers, body: JSON.stringify(body), stream: true, items: 0 };
}

/** What one SSE `data:` payload of /generate is, without parsing it as JSON. */
export type StreamEventKind = "done" | "error" | "chunk";

export function streamEventKind(data: string): StreamEventKind {
  if (data === "[DONE]") return "done";
  // A mid-stream error is `{"error": {...}}` (sglang-http-api.md §2.4); chunks start with "text"/"output_ids"/"meta_info".
  return /^\s*\{\s*"error"\s*:/.test(data) ? "error" : "chunk";
}

const COMPLETION_KEY = '"completion_tokens":';

/**
 * The cumulative `meta_info.completion_tokens` of a chunk, by scanning for the key instead of parsing a
 * body that grows with every token (cumulative logprob lists). Inside a JSON string every quote is
 * escaped, so `"completion_tokens":` can only be a key. null when the chunk has no count.
 */
export function streamCompletionTokens(data: string): number | null {
  const at = data.lastIndexOf(COMPLETION_KEY);
  if (at < 0) return null;
  let i = at + COMPLETION_KEY.length;
  while (data.charCodeAt(i) === 32) i++;
  let n = 0;
  let digits = 0;
  for (let c = data.charCodeAt(i); c >= 48 && c <= 57; c = data.charCodeAt(++i)) {
    n = n * 10 + (c - 48);
    digits++;
  }
  return digits > 0 ? n : null;
}

/** The server's counts on a finished request (null where the server gave none). */
export interface ServerCounts {
  outputTokens: number | null;
  promptTokens: number | null;
  cachedTokens: number | null;
}

export type FinalRead = ({ ok: true } & ServerCounts & { finish: FinishReason | null }) | { ok: false; error: BackendError };

/**
 * The last chunk of a /generate stream: counts, and an abort (`finish_reason.type == "abort"`) as an
 * error. Read directly (this runs once per request at load); the wire schema explains a bad shape.
 */
export function readFinalGenerate(json: unknown): FinalRead {
  const meta = asRecord(asRecord(json)?.meta_info);
  if (!meta) {
    const parsed = parseWire(GenerateObject, json, "POST /generate (last stream event)");
    return parsed.ok ? { ok: false, error: malformed("POST /generate", "the last stream event has no meta_info", null, 200) } : parsed;
  }
  const finish = toFinishReason(meta.finish_reason);
  if (finish?.type === "abort") {
    return { ok: false, error: { kind: "http", message: `POST /generate: the server aborted the request${finish.detail !== null ? `: ${finish.detail}` : ""}` } };
  }
  return {
    ok: true,
    finish,
    outputTokens: toCount(meta.completion_tokens),
    promptTokens: toCount(meta.prompt_tokens),
    cachedTokens: toCount(meta.cached_tokens),
  };
}

/** A /v1/score answer: the score matrix must have one row per item sent. */
export function readScoreResponse(json: unknown, items: number): FinalRead {
  const body = asRecord(json);
  const scores = body?.scores;
  if (!Array.isArray(scores) || !scores.every(Array.isArray)) {
    const parsed = parseWire(ScoreResponse, json, "POST /v1/score");
    if (!parsed.ok) return parsed;
  }
  const rows = (scores as unknown[]).length;
  if (rows !== items) {
    return { ok: false, error: malformed("POST /v1/score", `sent ${items} items but got ${rows} score rows back`, null, 200) };
  }
  const usage = asRecord(body?.usage);
  return {
    ok: true,
    finish: null,
    outputTokens: null,
    promptTokens: toCount(usage?.prompt_tokens),
    cachedTokens: toCount(asRecord(usage?.prompt_tokens_details)?.cached_tokens),
  };
}

/** Mid-stream `{"error": …}` event in words. */
export function streamErrorMessage(data: string): string {
  try {
    const v = JSON.parse(data) as { error?: unknown };
    const e = v.error;
    const msg = typeof e === "string" ? e : typeof e === "object" && e !== null ? (e as { message?: unknown }).message : undefined;
    return `POST /generate: the stream carried an error: ${typeof msg === "string" ? msg : data.slice(0, 200)}`;
  } catch {
    return `POST /generate: the stream carried an error: ${data.slice(0, 200)}`;
  }
}

/** What the parity gate compares from one finished response. */
export type ParitySample = { kind: "score"; scores: (number | null)[][] } | { kind: "generate"; output: TokenSequence };

export function paritySample(kind: RequestSnapshot["kind"], json: unknown): ParitySample | null {
  if (kind === "score") {
    const parsed = parseWire(ScoreResponse, json, "POST /v1/score");
    if (!parsed.ok) return null;
    return { kind, scores: toScoreMatrix(parsed.value.scores) };
  }
  const parsed = parseWire(GenerateObject, json, "POST /generate");
  if (!parsed.ok) return null;
  const output = outputPositions(parsed.value.meta_info);
  // a server that sent ids but no logprob lists: the tokens are still judged
  return { kind, output: output.length === 0 && parsed.value.output_ids ? idsAsPositions(parsed.value.output_ids) : output };
}

const LOGPROB_LISTS = ["output_token_logprobs", "output_top_logprobs", "output_token_ids_logprobs"] as const;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

type Chunk = { chunk: Record<string, unknown>; meta: Record<string, unknown> };

function chunkOf(value: unknown): Chunk | null {
  const chunk = asRecord(value);
  const meta = asRecord(chunk?.meta_info);
  return chunk && meta ? { chunk, meta } : null;
}

/** Output positions a chunk holds: its logprob list, else its ids. */
function positionsIn({ chunk, meta }: Chunk): number {
  return Array.isArray(meta.output_token_logprobs) ? meta.output_token_logprobs.length : list(chunk.output_ids).length;
}

/** A chunk with at least the server's cumulative count of positions (or no count to tell): nothing to join. */
function holdsWhole(c: Chunk): boolean {
  const total = toCount(c.meta.completion_tokens);
  return total === null || positionsIn(c) >= total;
}

/**
 * Whether a chunk holds the whole answer so far (cumulative streaming) rather than its delta: asked once,
 * of the second token-carrying chunk of a kept stream, so a cumulative stream's events (whose lists grow
 * with every token) are not all kept.
 */
export function holdsWholeAnswer(data: string): boolean {
  const parsed = parseJsonLenient(data);
  const c = parsed.ok ? chunkOf(parsed.value) : null;
  return c === null || holdsWhole(c);
}

/**
 * A stream's whole answer as one chunk, for the parity sample. By default the last chunk is it (chunks are
 * cumulative); with sglang's --incremental-streaming-output each chunk holds only its delta of text, ids
 * and logprob lists (sglang-http-api.md §2.4), so they are joined. A chunk is a delta when it holds fewer
 * positions than the server's cumulative completion_tokens and extends what is held to exactly that (the
 * cell adapter's rule, adapters/generate). `last` is the parsed last event: a cumulative stream's events
 * (whose lists grow with every token) are never parsed again.
 */
export function streamAnswer(events: readonly string[], last: unknown): unknown {
  const lastChunk = chunkOf(last);
  if (lastChunk === null || holdsWhole(lastChunk)) return last;
  let run: Chunk[] = [];
  let held = 0;
  for (const data of events) {
    const parsed = parseJsonLenient(data);
    const c = parsed.ok ? chunkOf(parsed.value) : null;
    if (c === null) continue;
    const n = positionsIn(c);
    if (run.length > 0 && isDeltaChunk(held, n, toCount(c.meta.completion_tokens))) {
      run.push(c);
      held += n;
    } else {
      run = [c];
      held = n;
    }
  }
  const end = run.at(-1);
  if (!end || run.length === 1) return last;
  const meta: Record<string, unknown> = { ...end.meta };
  for (const key of LOGPROB_LISTS) if (run.some((r) => Array.isArray(r.meta[key]))) meta[key] = run.flatMap((r) => list(r.meta[key]));
  const text = run.map((r) => (typeof r.chunk.text === "string" ? r.chunk.text : "")).join("");
  return { ...end.chunk, text, output_ids: run.flatMap((r) => list(r.chunk.output_ids)), meta_info: meta };
}
