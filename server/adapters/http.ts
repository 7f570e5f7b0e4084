import type { BackendConfig, BackendError } from "../../lib/schemas/backend";
import { EXCHANGE_BODY_CAP_CHARS, type Exchange, type ExchangeRequest, type ExchangeResponse } from "../../lib/schemas/exchange";
import { httpError, malformed, networkError } from "./errors";
import { parseJsonLenient } from "./json";
import { TimingRecorder } from "./timing";
import type { CallOptions } from "./types";

/** One HTTP call as an adapter describes it; the adapter never touches fetch itself. */
export interface HttpSpec {
  /** What the call is for, shown with the evidence: "score", "prompt logprobs, item 2". */
  label: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  /** Extra words for a 404, e.g. which dialect has the endpoint. */
  notFoundHint?: string;
}

export interface HttpOptions extends CallOptions {
  /** Recorded-evidence cap (characters); parsing always sees the whole body. */
  bodyCapChars?: number;
}

export type HttpFailure = { ok: false; error: BackendError; exchange: Exchange; latencyMs: number | null };

/** Keeps the first `cap` characters of everything appended and counts the rest. */
class CappedText {
  text = "";
  total = 0;
  constructor(private readonly cap: number) {}
  append(s: string): void {
    this.total += s.length;
    if (this.text.length < this.cap) this.text += s.slice(0, this.cap - this.text.length);
  }
  get truncated(): boolean {
    return this.total > this.text.length;
  }
}

/** The full URL of `path` on a backend (a trailing slash on its base is ignored). */
export function endpointUrl(backend: BackendConfig, path: string): string {
  return `${backend.baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The headers that authenticate a call to a backend (none without a key). Never log them. */
export function authHeaders(backend: BackendConfig): Record<string, string> {
  return backend.apiKey ? { authorization: `Bearer ${backend.apiKey}` } : {};
}

/**
 * One in-flight call: builds the exact request (recording it with the API key redacted), sends it
 * with a timeout combined with the caller's signal, reads the body as it arrives while marking time,
 * and assembles the Exchange. JSON and SSE calls differ only in what they do with the body text.
 */
export class HttpCall {
  readonly timer = new TimingRecorder();
  readonly sentAt = new Date().toISOString();
  readonly what: string;
  readonly cap: number;
  private readonly request: ExchangeRequest;
  private readonly init: RequestInit;
  private readonly url: string;
  private readonly timeoutSignal: AbortSignal;
  private status: { code: number; text: string; contentType: string | null } | null = null;

  constructor(
    private readonly backend: BackendConfig,
    readonly spec: HttpSpec,
    private readonly opts: HttpOptions,
  ) {
    this.cap = opts.bodyCapChars ?? EXCHANGE_BODY_CAP_CHARS;
    this.url = endpointUrl(backend, spec.path);
    this.what = `${spec.method} ${spec.path}`;
    const headers: Record<string, string> = authHeaders(backend);
    const recorded: Record<string, string> = backend.apiKey ? { authorization: "Bearer ***" } : {};
    const body = spec.body === undefined ? null : JSON.stringify(spec.body);
    if (body !== null) headers["content-type"] = recorded["content-type"] = "application/json";
    this.timeoutSignal = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([this.timeoutSignal, opts.signal]) : this.timeoutSignal;
    this.init = { method: spec.method, headers, body, signal };
    const recordedBody = body === null ? null : body.slice(0, this.cap);
    this.request = {
      method: spec.method,
      url: this.url,
      headers: recorded,
      body: recordedBody,
      bodyTruncated: body !== null && body.length > this.cap,
    };
  }

  /** Sends and streams the body into `onText` (decoded pieces with their arrival time). */
  async run(onText: (text: string, atMs: number) => void): Promise<BackendError | null> {
    let res: Response;
    try {
      res = await fetch(this.url, this.init);
    } catch (err) {
      this.timer.end();
      return this.networkFailure(err, false);
    }
    this.timer.headers();
    this.status = { code: res.status, text: res.statusText, contentType: res.headers.get("content-type") };
    if (!res.body) {
      this.timer.end();
      return null;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        const atMs = this.timer.now();
        if (done) {
          const rest = decoder.decode();
          if (rest) onText(rest, atMs);
          this.timer.end(atMs);
          return null;
        }
        this.timer.bytes(atMs);
        onText(decoder.decode(value, { stream: true }), atMs);
      }
    } catch (err) {
      this.timer.end();
      return this.networkFailure(err, true);
    }
  }

  get statusCode(): number | null {
    return this.status?.code ?? null;
  }

  get contentType(): string | null {
    return this.status?.contentType ?? null;
  }

  get is2xx(): boolean {
    return this.status !== null && this.status.code >= 200 && this.status.code < 300;
  }

  /** The non-2xx answer as an error in words. */
  statusFailure(body: string): BackendError {
    return httpError({
      what: this.what,
      status: this.status?.code ?? 0,
      statusText: this.status?.text ?? "",
      body,
      contentType: this.contentType,
      apiKeySet: Boolean(this.backend.apiKey),
      notFoundHint: this.spec.notFoundHint,
    });
  }

  private networkFailure(err: unknown, midBody: boolean): BackendError {
    return networkError(err, {
      what: this.what,
      baseUrl: this.backend.baseUrl,
      timeoutMs: this.opts.timeoutMs,
      timedOut: this.timeoutSignal.aborted,
      cancelled: this.opts.signal?.aborted ?? false,
      midBody,
    });
  }

  newText(): CappedText {
    return new CappedText(this.cap);
  }

  exchange(response: Omit<ExchangeResponse, "status" | "contentType"> | null, error: BackendError | null): Exchange {
    return {
      label: this.spec.label,
      sentAt: this.sentAt,
      request: this.request,
      response: this.status && response ? { status: this.status.code, contentType: this.status.contentType, ...response } : null,
      timings: this.timer.snapshot(),
      error,
    };
  }

  failure(error: BackendError, response: Omit<ExchangeResponse, "status" | "contentType"> | null): HttpFailure {
    return { ok: false, error, exchange: this.exchange(response, error), latencyMs: this.timer.snapshot().lastByteMs };
  }
}

export type JsonSuccess = { ok: true; json: unknown; nonFinite: number; exchange: Exchange; latencyMs: number };

/** A plain request whose answer is one JSON document. */
export async function requestJson(backend: BackendConfig, spec: HttpSpec, opts: HttpOptions): Promise<JsonSuccess | HttpFailure> {
  const call = new HttpCall(backend, spec, opts);
  const full: string[] = [];
  const recorded = call.newText();
  const failed = await call.run((text, atMs) => {
    full.push(text);
    recorded.append(text);
    call.timer.chunk(atMs);
  });
  const body = full.join("");
  const response = { body: recorded.text, events: null, totalChars: recorded.total, truncated: recorded.truncated };
  if (failed) return call.failure(failed, call.statusCode === null ? null : response);
  if (!call.is2xx) return call.failure(call.statusFailure(body), response);
  const parsed = parseJsonLenient(body);
  if (!parsed.ok) {
    const why =
      body.trim() === ""
        ? `answered ${call.statusCode} with an empty body where JSON was expected`
        : `answered ${call.statusCode} but the body is not valid JSON (${parsed.reason}); first characters: ${JSON.stringify(body.slice(0, 120))}`;
    return call.failure(malformed(call.what, why, body, call.statusCode ?? 0), response);
  }
  return {
    ok: true,
    json: parsed.value,
    nonFinite: parsed.nonFinite,
    exchange: call.exchange(response, null),
    latencyMs: call.timer.snapshot().lastByteMs ?? call.timer.now(),
  };
}

export type PlainSuccess = { ok: true; status: number; exchange: Exchange; latencyMs: number };

/** A request whose body does not matter beyond being received (health checks). */
export async function requestPlain(backend: BackendConfig, spec: HttpSpec, opts: HttpOptions): Promise<PlainSuccess | HttpFailure> {
  const call = new HttpCall(backend, spec, opts);
  const recorded = call.newText();
  const failed = await call.run((text) => recorded.append(text));
  const response = { body: recorded.text, events: null, totalChars: recorded.total, truncated: recorded.truncated };
  if (failed) return call.failure(failed, call.statusCode === null ? null : response);
  if (!call.is2xx) return call.failure(call.statusFailure(recorded.text), response);
  return {
    ok: true,
    status: call.statusCode ?? 0,
    exchange: call.exchange(response, null),
    latencyMs: call.timer.snapshot().lastByteMs ?? call.timer.now(),
  };
}
