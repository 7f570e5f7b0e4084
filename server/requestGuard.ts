import type http from "node:http";
import type { Env } from "./env";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

function hostname(hostHeader: string): string {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return "";
  }
}

/**
 * The API has no login (a local tool), so it must only answer the studio's own pages:
 * - Host must name this studio (blocks DNS rebinding); any host is fine when the user chose to listen on
 *   all interfaces (HOST=0.0.0.0), and STUDIO_PUBLIC_URL's host is always fine.
 * - Origin, when a browser sends one, must be the same host as Host (blocks other sites' pages from
 *   calling mutations or opening the WebSocket — a text/plain POST needs no CORS preflight).
 * Returns why a request is refused, or null.
 */
export function refuseForeignRequest(req: http.IncomingMessage, env: Env): string | null {
  const host = req.headers.host ?? "";
  const name = hostname(host);
  const allowed =
    WILDCARD.has(env.HOST) ||
    LOOPBACK.has(name) ||
    name === env.HOST ||
    (env.STUDIO_PUBLIC_URL !== undefined && name === new URL(env.STUDIO_PUBLIC_URL).hostname);
  if (!allowed) return `host "${host}" is not this studio; set STUDIO_PUBLIC_URL or HOST to serve it under that name`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch {
      // unparsable: refused below
    }
    if (originHost !== host) return `requests from ${origin} are not accepted; open the studio at its own address`;
  } else if (origin === "null") {
    return "requests from an opaque origin are not accepted";
  }
  return null;
}
