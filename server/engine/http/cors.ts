import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Starlette's CORSMiddleware with allow_origins=["*"], allow_credentials=True, allow_methods and
 * allow_headers ["*"], as both SGLang servers configure it.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): "preflight-done" | "continue" {
  const origin = req.headers.origin;
  if (!origin) return "continue";
  const requestedMethod = req.headers["access-control-request-method"];
  if (req.method === "OPTIONS" && requestedMethod) {
    res.statusCode = 200;
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    res.setHeader("Access-Control-Max-Age", "600");
    res.setHeader("Access-Control-Allow-Credentials", "true");
    const requestedHeaders = req.headers["access-control-request-headers"];
    if (requestedHeaders) res.setHeader("Access-Control-Allow-Headers", requestedHeaders);
    res.setHeader("Vary", "Origin");
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("OK");
    return "preflight-done";
  }
  const withCookie = Boolean(req.headers.cookie);
  res.setHeader("Access-Control-Allow-Origin", withCookie ? origin : "*");
  res.setHeader("Access-Control-Allow-Credentials", "true");
  if (withCookie) res.setHeader("Vary", "Origin");
  return "continue";
}
