import type { BackendError, BackendErrorKind } from "../../lib/schemas/backend";
import { SseParser } from "../../lib/sse/parser";
import { httpError, networkError } from "../adapters/errors";
import { parseJsonLenient } from "../adapters/json";
import {
  readFinalGenerate,
  readScoreResponse,
  streamCompletionTokens,
  streamErrorMessage,
  holdsWholeAnswer,
  streamAnswer,
  streamEventKind,
  type LoadHttpRequest,
  type ServerCounts,
} from "../adapters/loadRequest";
import { HttpPool, serializeRequest, type Connection, type PoolRequest } from "./httpPool";

/**
 * The timed sender: one HTTP request, timestamps from performance.now() taken as bytes arrive and before
 * any parsing — at send, at every socket read (each SSE event in it gets the read's time), and at the
 * last byte. TTFT is the first event that carries a token by the server's own count. Sockets are kept
 * alive from a backend's warmup through its levels and opened before each level (prepareLevel), so a
 * level's requests do not pay for connection setup — except sockets a level opens beyond what was
 * prepared (an open loop that needs more than its estimate) or after the server closed one.
 */

/** One request as measured: RequestRecord's fields plus the server's other counts. */
export interface Sample {
  /** performance.now() at send. */
  sentAt: number;
  ttftMs: number | null;
  e2eMs: number | null;
  chunkTimesMs: number[];
  chunkTokens: number[];
  outputTokens: number | null;
  promptTokens: number | null;
  cachedTokens: number | null;
  items: number;
  ok: boolean;
  errorKind: BackendErrorKind | null;
  error: BackendError | null;
  /** The parsed final answer (score body, or the last stream chunk), kept only when asked. */
  finalJson: unknown;
}

/** A LoadHttpRequest serialised once per level: sending writes these bytes as they are. */
export interface PreparedRequest {
  origin: URL;
  raw: Buffer;
  stream: boolean;
  items: number;
  what: string;
  baseUrl: string;
  apiKeySet: boolean;
  /** What to send instead when the answer is kept for the parity sample (logprobs "parity-only"). */
  forParity?: PreparedRequest;
}

export function prepareRequest(req: LoadHttpRequest): PreparedRequest {
  const url = new URL(req.url);
  const headers = { ...req.headers, accept: req.stream ? "text/event-stream" : "application/json" };
  return {
    origin: new URL(url.origin),
    raw: serializeRequest(url, req.method, headers, Buffer.from(req.body, "utf8")),
    stream: req.stream,
    items: req.items,
    what: `${req.method} ${req.path}`,
    baseUrl: url.origin,
    apiKeySet: "authorization" in req.headers,
  };
}

export interface SendOptions {
  timeoutMs: number;
  /** Keep the parsed final answer (for the parity sample). */
  keepFinal?: boolean;
  /** With keepFinal on a stream: keep its events too, so an incremental stream's deltas can be joined (adapters/loadRequest streamAnswer). */
  keepEvents?: boolean;
}

/** How much of an error body is kept for the message. */
const ERROR_BODY_BYTES = 4096;

/** Non-stream samples share these: nothing ever pushes into them. */
const NO_CHUNKS: number[] = [];

/**
 * A socket idle longer than this is closed rather than reused: well under uvicorn's 5 s keep-alive timeout
 * (SGLang's HTTP server), so a level never starts on a socket the server is about to drop.
 */
const STALE_IDLE_MS = 2_000;

/** Sends over keep-alive sockets to one backend; one sender per backend for a whole run, `close()` ends it. */
export class TimedSender {
  private pool: HttpPool | null = null;
  private readonly inFlight = new Set<InFlight>();
  /** One sweep for every request's timeout, instead of a timer per request. */
  private sweep: NodeJS.Timeout | null = null;

  constructor(private maxSockets: number) {}

  /**
   * Before a level: caps its requests in flight, closes sockets idle too long to trust, and opens up to
   * `open` now, so the level's requests do not pay for connection setup. One sender lives through a
   * backend's warmup and levels, so their sockets carry over. Resolves early on `signal` (a cancel).
   */
  async prepareLevel(origin: URL, maxSockets: number, open: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.maxSockets = maxSockets;
    this.pool ??= new HttpPool(origin, maxSockets);
    this.pool.setMaxSockets(maxSockets);
    this.pool.dropIdle(STALE_IDLE_MS);
    if (signal.aborted) return;
    let onAbort = () => {};
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener("abort", onAbort, { once: true });
    });
    await Promise.race([this.pool.preconnect(open, timeoutMs), aborted]);
    signal.removeEventListener("abort", onAbort);
  }

  /** Drops every request in flight (a cancel): they resolve as null, not as results. */
  abortAll(): void {
    for (const f of [...this.inFlight]) f.cancel();
  }

  close(): void {
    this.abortAll();
    this.pool?.close();
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
  }

  /** The measured sample, or null when it was cancelled (a cancelled request is not a result). */
  send(req: PreparedRequest, opts: SendOptions): Promise<Sample | null> {
    this.pool ??= new HttpPool(req.origin, this.maxSockets);
    if (!this.sweep) {
      this.sweep = setInterval(() => this.expire(), Math.max(10, Math.min(250, opts.timeoutMs / 4)));
      this.sweep.unref();
    }
    const pool = this.pool;
    return new Promise((resolve) => {
      const f = new InFlight(req, opts, this, resolve);
      this.inFlight.add(f);
      f.start(pool);
    });
  }

  settled(f: InFlight): void {
    this.inFlight.delete(f);
  }

  private expire(): void {
    const now = performance.now();
    for (const f of this.inFlight) if (now >= f.deadline) f.timeout();
  }
}

class InFlight implements PoolRequest {
  conn: Connection | null = null;
  readonly raw: Buffer;
  deadline = Number.POSITIVE_INFINITY;
  private t0 = 0;
  private chunkTimesMs: number[] = NO_CHUNKS;
  private chunkTokens: number[] = NO_CHUNKS;
  private ttftMs: number | null = null;
  private status = 0;
  private statusText = "";
  private contentType: string | null = null;
  private settled = false;
  private timedOut = false;
  private pool: HttpPool | null = null;
  private readonly bodyParts: Buffer[] = [];
  private bodyBytes = 0;
  private parser: SseParser | null = null;
  private prevTokens = 0;
  private lastEvent: string | null = null;
  /** A parity sample's chunk events (opts.keepEvents), kept only while the stream may be incremental. */
  private kept: string[] | null = null;
  private keptTokenChunks = 0;
  private keptIsDelta = false;
  /** Stream events parsed (chunks that shared a socket read are one timed chunk but several events). */
  private events = 0;
  private streamError: string | null = null;

  constructor(
    private readonly req: PreparedRequest,
    private readonly opts: SendOptions,
    private readonly sender: TimedSender,
    private readonly resolve: (s: Sample | null) => void,
  ) {
    this.raw = req.raw;
  }

  start(pool: HttpPool): void {
    this.pool = pool;
    this.t0 = performance.now();
    this.deadline = this.t0 + this.opts.timeoutMs;
    pool.request(this);
  }

  cancel(): void {
    this.pool?.abort(this);
    this.finish(null);
  }

  timeout(): void {
    this.timedOut = true;
    this.pool?.abort(this);
    this.fail(new Error("timeout"), this.status !== 0);
  }

  head(status: number, statusText: string, contentType: string | null): void {
    this.status = status;
    this.statusText = statusText;
    this.contentType = contentType;
    if (status >= 200 && status < 300 && this.req.stream) {
      this.parser = new SseParser();
      this.chunkTimesMs = [];
      this.chunkTokens = [];
      if (this.opts.keepFinal && this.opts.keepEvents) this.kept = [];
    }
  }

  body(chunk: Buffer, at: number): void {
    const t = at - this.t0; // the socket read's time, taken before any parsing
    if (this.parser) this.onEvents(this.parser.push(chunk), t);
    else if ((this.status >= 200 && this.status < 300) || this.bodyBytes < ERROR_BODY_BYTES) {
      this.bodyParts.push(Buffer.from(chunk)); // a copy: `chunk` is the pool's reused read buffer
      this.bodyBytes += chunk.length;
    }
  }

  end(at: number): void {
    this.onEnd(at - this.t0);
  }

  error(err: NodeJS.ErrnoException, afterHead: boolean): void {
    this.fail(err, afterHead);
  }

  private onEvents(events: { data: string }[], t: number): void {
    for (const { data } of events) {
      const kind = streamEventKind(data);
      if (kind === "error") {
        this.streamError ??= streamErrorMessage(data);
        continue;
      }
      if (kind === "done") continue; // the parser records [DONE] itself
      this.events++;
      const total = streamCompletionTokens(data);
      const added = total === null ? 0 : Math.max(0, total - this.prevTokens);
      if (total !== null) this.prevTokens = Math.max(this.prevTokens, total);
      // Events that came in one socket read arrived together: to the client they are one chunk, so their
      // tokens join it (else ITL would get 0 ms gaps that no server produced).
      const last = this.chunkTimesMs.length - 1;
      if (last >= 0 && this.chunkTimesMs[last] === t) this.chunkTokens[last] = (this.chunkTokens[last] ?? 0) + added;
      else {
        this.chunkTimesMs.push(t);
        this.chunkTokens.push(added);
      }
      if (added > 0 && this.ttftMs === null) this.ttftMs = t;
      this.lastEvent = data;
      if (this.kept !== null) this.keep(data, added);
    }
  }

  /** The second token chunk tells a cumulative stream (its last chunk is the answer: keep none) from an incremental one (keep all). */
  private keep(data: string, added: number): void {
    const kept = this.kept as string[];
    if (added > 0 && this.keptTokenChunks > 0 && !this.keptIsDelta) {
      if (holdsWholeAnswer(data)) {
        this.kept = null;
        return;
      }
      this.keptIsDelta = true;
    }
    if (added > 0) this.keptTokenChunks++;
    kept.push(data);
  }

  private onEnd(e2eMs: number): void {
    if (this.settled) return;
    if (this.status < 200 || this.status >= 300) {
      const body = this.bodyText().slice(0, ERROR_BODY_BYTES);
      const error = httpError({
        what: this.req.what,
        status: this.status,
        statusText: this.statusText,
        body,
        contentType: this.contentType,
        apiKeySet: this.req.apiKeySet,
      });
      return this.finish(this.failed(error, e2eMs));
    }
    if (this.parser) return this.finish(this.endStream(this.parser, e2eMs));
    const parsed = parseJsonLenient(this.bodyText());
    if (!parsed.ok) {
      return this.finish(this.failed({ kind: "malformed", status: this.status, message: `${this.req.what}: answered ${this.status} but the body is not valid JSON (${parsed.reason})` }, e2eMs));
    }
    const read = readScoreResponse(parsed.value, this.req.items);
    if (!read.ok) return this.finish(this.failed(read.error, e2eMs));
    this.finish(this.sample(e2eMs, null, read, this.opts.keepFinal ? parsed.value : undefined));
  }

  private bodyText(): string {
    const parts = this.bodyParts;
    return parts.length === 1 ? (parts[0] as Buffer).toString("utf8") : Buffer.concat(parts).toString("utf8");
  }

  private endStream(parser: SseParser, e2eMs: number): Sample {
    const end = parser.end();
    this.onEvents(end.events, e2eMs);
    if (this.streamError !== null) return this.failed({ kind: "http", status: this.status, message: this.streamError }, e2eMs);
    const last = this.lastEvent === null ? null : parseJsonLenient(this.lastEvent);
    const final = last?.ok ? readFinalGenerate(last.value) : null;
    if (final && !final.ok) return this.failed(final.error, e2eMs);
    // A stream is whole when it ends with [DONE], or (servers that omit it) when the last chunk has a finish reason.
    if (!parser.doneSeen && !(final?.ok && final.finish !== null)) {
      const got = this.events;
      return this.failed({ kind: "stream-cut", status: this.status, message: `${this.req.what}: the stream ended after ${got} event${got === 1 ? "" : "s"} without [DONE] or a finish reason` }, e2eMs);
    }
    if (!final?.ok) {
      return this.failed({ kind: "malformed", status: this.status, message: `${this.req.what}: the stream's last event is not a /generate chunk` }, e2eMs);
    }
    const answer = (last as { value: unknown }).value;
    return this.sample(e2eMs, null, final, this.opts.keepFinal ? (this.kept ? streamAnswer(this.kept, answer) : answer) : undefined);
  }

  private fail(err: unknown, midBody: boolean): void {
    if (this.settled) return;
    const t = performance.now() - this.t0;
    if (midBody && this.parser && !this.timedOut) {
      const got = this.events;
      return this.finish(this.failed({ kind: "stream-cut", status: this.status, message: `${this.req.what}: the stream was cut after ${got} event${got === 1 ? "" : "s"} (${err instanceof Error ? err.message : String(err)})` }, t));
    }
    const error = networkError(err, {
      what: this.req.what,
      baseUrl: this.req.baseUrl,
      timeoutMs: this.opts.timeoutMs,
      timedOut: this.timedOut,
      cancelled: false,
      midBody,
    });
    // A failed request keeps the time it failed at (never a latency sample: only successes are), so the
    // level's duration and requests in flight count the time it held a slot — a level whose last requests
    // time out is not cut short before them.
    this.finish(this.failed(error, t));
  }

  /** The sample, built in one literal (this runs for every request). */
  private sample(e2eMs: number | null, error: BackendError | null, counts: ServerCounts | null, finalJson: unknown): Sample {
    return {
      sentAt: this.t0,
      ttftMs: this.ttftMs,
      e2eMs,
      chunkTimesMs: this.chunkTimesMs,
      chunkTokens: this.chunkTokens,
      outputTokens: counts?.outputTokens ?? null,
      promptTokens: counts?.promptTokens ?? null,
      cachedTokens: counts?.cachedTokens ?? null,
      items: this.req.items,
      ok: error === null,
      errorKind: error?.kind ?? null,
      error,
      finalJson,
    };
  }

  /** A failed request keeps its timings as evidence; only a completed answer gives an e2e. */
  private failed(error: BackendError, e2eMs: number | null): Sample {
    return this.sample(e2eMs, error, null, undefined);
  }

  private finish(sample: Sample | null): void {
    if (this.settled) return;
    this.settled = true;
    if (sample && !sample.ok) this.pool?.abort(this);
    this.sender.settled(this);
    this.resolve(sample);
  }
}
