import type { BackendConfig, BackendError } from "../../lib/schemas/backend";
import type { Exchange, RecordedEvent } from "../../lib/schemas/exchange";
import { SseParser } from "../../lib/sse/parser";
import { malformed } from "./errors";
import { HttpCall, type HttpFailure, type HttpOptions, type HttpSpec } from "./http";
import { parseJsonLenient } from "./json";

/** What the adapter makes of one event: tokens it added, or a reason to call the stream failed. */
export type EventVerdict = { tokens: number } | { error: BackendError };

export type StreamSuccess = { ok: true; exchange: Exchange; latencyMs: number; events: number };

/**
 * The one SSE reader for every adapter: sends, feeds body text to the shared SSE parser, timestamps
 * each event on arrival (before JSON parsing), records the raw events (capped), and turns the ways a
 * stream can end badly into errors: an error event, no `[DONE]` (stream-cut), a connection dropped
 * mid-stream (stream-cut), a timeout. The handler sees every parsed event even after a failure, so
 * the caller keeps whatever arrived.
 */
export async function requestStream(
  backend: BackendConfig,
  spec: HttpSpec,
  opts: HttpOptions,
  onEvent: (data: unknown, atMs: number) => EventVerdict,
): Promise<StreamSuccess | HttpFailure> {
  const call = new HttpCall(backend, spec, opts);
  const parser = new SseParser();
  const events: RecordedEvent[] = [];
  const errorBody = call.newText();
  let recordedChars = 0;
  let capped = false;
  let totalChars = 0;
  let count = 0;
  let eventError: BackendError | null = null;

  const handle = (data: string, atMs: number): void => {
    count++;
    totalChars += data.length;
    // Keep a prefix of whole events: once one does not fit, stop recording (no gaps in the evidence).
    capped ||= recordedChars + data.length > call.cap;
    if (!capped) {
      events.push({ atMs, data });
      recordedChars += data.length;
    }
    const parsed = parseJsonLenient(data);
    const verdict: EventVerdict = parsed.ok
      ? onEvent(parsed.value, atMs)
      : { error: malformed(call.what, `event ${count} is not JSON (${parsed.reason}): ${JSON.stringify(data.slice(0, 120))}`, data, call.statusCode ?? 0) };
    if ("tokens" in verdict) call.timer.chunk(atMs, verdict.tokens);
    else {
      call.timer.chunk(atMs, 0);
      eventError ??= verdict.error;
    }
  };

  const failed = await call.run((text, atMs) => {
    if (!call.is2xx || !(call.contentType ?? "").includes("text/event-stream")) {
      errorBody.append(text);
      return;
    }
    for (const e of parser.push(text)) handle(e.data, atMs);
  });
  const streamed = call.is2xx && (call.contentType ?? "").includes("text/event-stream");
  if (streamed && !failed) for (const e of parser.end().events) handle(e.data, call.timer.now());

  const response = streamed
    ? { body: null, events, totalChars, truncated: totalChars > recordedChars }
    : { body: errorBody.text, events: null, totalChars: errorBody.total, truncated: errorBody.truncated };
  const cut = (why: string): BackendError => ({ kind: "stream-cut", status: call.statusCode, message: `${call.what}: ${why}` });

  if (failed) {
    if (count > 0 && failed.kind === "unreachable") {
      return call.failure(cut(`the connection dropped after ${count} events, before the stream finished (${failed.message})`), response);
    }
    return call.failure(failed, call.statusCode === null ? null : response);
  }
  if (!call.is2xx) return call.failure(call.statusFailure(errorBody.text), response);
  if (!streamed) {
    return call.failure(
      malformed(call.what, `answered ${call.statusCode} with ${call.contentType ?? "no content type"} instead of an event stream`, errorBody.text, call.statusCode ?? 0),
      response,
    );
  }
  if (eventError) return call.failure(eventError, response);
  if (!parser.doneSeen) return call.failure(cut(`the stream ended after ${count} events without [DONE]`), response);
  return { ok: true, exchange: call.exchange(response, null), latencyMs: call.timer.snapshot().lastByteMs ?? call.timer.now(), events: count };
}
