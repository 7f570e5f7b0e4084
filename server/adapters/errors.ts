import type { BackendError } from "../../lib/schemas/backend";

/** How much of a failing body an error keeps (the full raw body stays in the exchange). */
const ERROR_BODY_CHARS = 2000;

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * The server's own message from an error body, whatever its shape:
 * `{"object":"error","message":…}` (/v1/*), `{"error":{"message":…}}` (/generate, /v1/models/{m}),
 * `{"error":"Unauthorized"}` (API-key middleware), FastAPI's `{"detail":…}`, or plain text.
 * HTML pages (proxies, wrong server) are named as such instead of being dumped.
 */
export function serverMessage(body: string, contentType: string | null): string | null {
  const text = body.trim();
  if (text === "") return null;
  if (/^<(!doctype|html)/i.test(text) || (contentType ?? "").includes("text/html")) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `an HTML page${title ? ` ("${title}")` : ""} instead of an API response; is the URL pointing at a proxy or another server?`;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const msg = messageFromJson(parsed);
    if (msg) return msg;
  } catch {
    // not JSON: fall through to the raw text
  }
  return clip(text.replace(/\s+/g, " "), 300);
}

function messageFromJson(v: unknown): string | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.message === "string") return o.message;
  if (typeof o.error === "string") return o.error;
  if (typeof o.error === "object" && o.error !== null) {
    const m = (o.error as Record<string, unknown>).message;
    if (typeof m === "string") return m;
  }
  if (typeof o.detail === "string") return o.detail;
  if (o.detail !== undefined) return JSON.stringify(o.detail).slice(0, 300);
  return null;
}

export interface HttpErrorContext {
  what: string; // "POST /v1/score"
  status: number;
  statusText: string;
  body: string;
  contentType: string | null;
  apiKeySet: boolean;
  notFoundHint?: string;
}

/** A non-2xx answer, in words that say what to fix. */
export function httpError(c: HttpErrorContext): BackendError {
  const said = serverMessage(c.body, c.contentType);
  const head = `${c.what} answered ${c.status}${c.statusText ? ` ${c.statusText}` : ""}`;
  const body = c.body === "" ? null : clip(c.body, ERROR_BODY_CHARS);
  if (c.status === 401 || c.status === 403) {
    const fix = c.apiKeySet
      ? "the backend refused the API key; check the key set for this backend"
      : "the backend needs an API key; set one for this backend";
    return { kind: "unauthorized", status: c.status, body, message: `${head}: ${fix}${said ? ` (server said: ${said})` : ""}` };
  }
  const hint = c.status === 404 && c.notFoundHint ? `; ${c.notFoundHint}` : "";
  return { kind: "http", status: c.status, body, message: `${head}${said ? `: ${said}` : ""}${hint}` };
}

/** A 2xx answer whose body is not what the API promises. */
export function malformed(what: string, why: string, body: string | null, status: number): BackendError {
  return { kind: "malformed", status, body: body === null ? null : clip(body, ERROR_BODY_CHARS), message: `${what}: ${why}` };
}

/** The innermost cause's message: undici says only "fetch failed" at the top ("bad port" is below). */
function rootMessage(err: unknown): string {
  let e: unknown = err;
  let msg = err instanceof Error ? err.message : String(err);
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    if (e instanceof Error && e.message) msg = e.message;
    e = (e as { cause?: unknown }).cause;
  }
  return msg;
}

function errorCode(err: unknown): string | undefined {
  // undici wraps socket errors: TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface NetworkErrorContext {
  what: string;
  baseUrl: string;
  timeoutMs: number;
  timedOut: boolean;
  cancelled: boolean;
  /** true once the status line arrived (the failure happened while reading the body). */
  midBody: boolean;
}

/** A thrown fetch/read error (no usable HTTP answer), in words. */
export function networkError(err: unknown, c: NetworkErrorContext): BackendError {
  const where = c.midBody ? "while reading the answer" : "before any answer";
  if (c.timedOut) {
    return {
      kind: "timeout",
      status: null,
      message: `${c.what}: no complete answer within ${c.timeoutMs} ms (${where}); raise the cell's timeout or check the server's load`,
    };
  }
  if (c.cancelled) {
    return { kind: "cancelled", status: null, message: `${c.what}: cancelled ${where}` };
  }
  const code = errorCode(err);
  const host = c.baseUrl;
  const byCode: Record<string, string> = {
    ECONNREFUSED: `could not connect to ${host} (connection refused); is the server running on that port?`,
    ENOTFOUND: `could not resolve the host of ${host}; check the base URL`,
    EAI_AGAIN: `could not resolve the host of ${host}; check the base URL`,
    ECONNRESET: `the connection to ${host} was reset ${where}`,
    EHOSTUNREACH: `host of ${host} is unreachable`,
    UND_ERR_SOCKET: `the connection to ${host} closed ${where}`,
  };
  const detail = (code && byCode[code]) ?? `could not reach ${host}: ${rootMessage(err)}${code ? ` (${code})` : ""} ${where}`;
  return { kind: "unreachable", status: null, message: `${c.what}: ${detail}` };
}
