import { z } from "zod";
import { BackendError } from "./backend";

/**
 * Size cap for what an exchange *records* of a body (request or response), in characters.
 * Parsing always uses the whole body; only the stored evidence is cut, and `truncated` says so.
 * 256 KiB keeps a 256-item cell's evidence storable in SQLite while leaving typical responses whole.
 */
export const EXCHANGE_BODY_CAP_CHARS = 256 * 1024;

/** The request exactly as sent. `Authorization` is always recorded as "Bearer ***". */
export const ExchangeRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  bodyTruncated: z.boolean(),
});
export type ExchangeRequest = z.infer<typeof ExchangeRequest>;

/** One raw server-sent event (`data:` payload) and when it arrived, in ms after send. */
export const RecordedEvent = z.object({
  atMs: z.number(),
  data: z.string(),
});
export type RecordedEvent = z.infer<typeof RecordedEvent>;

/** The response as received: raw text (or the raw SSE events) before any parsing. */
export const ExchangeResponse = z.object({
  status: z.number().int(),
  contentType: z.string().nullable(),
  /** Raw body text for non-stream responses (and for streams that failed before the first event). */
  body: z.string().nullable(),
  /** Raw SSE `data:` payloads for stream responses, in arrival order. */
  events: z.array(RecordedEvent).nullable(),
  /** Characters received in total (body or all event payloads), before the cap. */
  totalChars: z.number().int(),
  truncated: z.boolean(),
});
export type ExchangeResponse = z.infer<typeof ExchangeResponse>;

/**
 * Raw monotonic timings (performance.now() deltas, ms after the request was sent), taken as bytes
 * arrive and before any parsing. Never aggregated here: metrics are computed elsewhere.
 */
export const ExchangeTimings = z.object({
  /** fetch resolved: status line and headers received. */
  headersMs: z.number().nullable(),
  /** first body bytes received. */
  firstByteMs: z.number().nullable(),
  /** first chunk that carried at least one generated token (streams only). */
  firstTokenMs: z.number().nullable(),
  /** arrival of every body chunk (non-stream) or every SSE event (streams). */
  chunkMs: z.array(z.number()),
  /** tokens each streamed event added (same length as chunkMs for streams, empty otherwise). */
  chunkTokens: z.array(z.number().int()),
  /** end of body (or the moment the call failed). */
  lastByteMs: z.number().nullable(),
});
export type ExchangeTimings = z.infer<typeof ExchangeTimings>;

/** One HTTP call with everything needed to show, replay or audit it. */
export const Exchange = z.object({
  /** What the call was for, in words: "score", "prompt logprobs, item 3", "identity: /v1/models". */
  label: z.string(),
  /** Wall-clock ISO time of sending (for humans; durations come from `timings`). */
  sentAt: z.string(),
  request: ExchangeRequest,
  /** null when no response arrived (connection refused, timeout before headers). */
  response: ExchangeResponse.nullable(),
  timings: ExchangeTimings,
  error: BackendError.nullable(),
});
export type Exchange = z.infer<typeof Exchange>;
