import type { ExchangeRequest, ExchangeResponse } from "../../../../lib/schemas/exchange";

/** Text forms of a recorded exchange, for display and copying (pure). */

/** Arrays of numbers, booleans or null (token ids, scores): one line each instead of one line per value. */
const FLAT_ARRAY = /\[\s+((?:-?[\d.eE+-]+|true|false|null)(?:,\s+(?:-?[\d.eE+-]+|true|false|null))*)\s+\]/g;

/**
 * Pretty-printed JSON when the body parses (flat arrays kept on one line, so a prompt's ids do not
 * take a line each), else the body as received. For display only: copying uses the exact body.
 */
export function prettyBody(body: string | null): string {
  if (body === null) return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2).replace(FLAT_ARRAY, (_m, inner: string) => `[${inner.split(/,\s+/).join(", ")}]`);
  } catch {
    return body;
  }
}

/** The request line, headers and body; `pretty` formats a JSON body for reading, else the exact bytes. */
export function requestText(req: ExchangeRequest, pretty = false): string {
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`);
  return [`${req.method} ${req.url}`, ...headers, "", pretty ? prettyBody(req.body) : (req.body ?? "")].join("\n");
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The request as a curl command (the API key stays masked as recorded). */
export function curlText(req: ExchangeRequest): string {
  const parts = ["curl", "-X", req.method, shellQuote(req.url)];
  for (const [k, v] of Object.entries(req.headers)) parts.push("-H", shellQuote(`${k}: ${v}`));
  if (req.body !== null) parts.push("--data-raw", shellQuote(req.body));
  return parts.join(" ");
}

/** The raw response: the body, or the SSE stream re-assembled as `data:` lines in arrival order. */
export function responseText(res: ExchangeResponse): string {
  if (res.events) return res.events.map((e) => `data: ${e.data}\n\n`).join("");
  return res.body ?? "";
}
