import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readJson } from "./body";
import { applyCors } from "./cors";
import { HttpError, internalError, methodNotAllowed, notFound } from "./errors";
import { matchRoute, sendJson, sendText, type Route, type RouteContext } from "./router";

/** Paths an API key never guards (SGLang `decide_request_auth`: prefix match). */
function authExempt(pathname: string): boolean {
  return pathname.startsWith("/health") || pathname.startsWith("/metrics");
}

/** node:http server: CORS, API key, routing, body limits and error mapping around the routes. */
export function createHttpServer(routes: readonly Route[], apiKey: string | null): Server {
  return createServer((req, res) => {
    handle(routes, apiKey, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { detail: String(err) });
      else res.destroy();
    });
  });
}

async function handle(routes: readonly Route[], apiKey: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = req.method ?? "GET";
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  try {
    if (applyCors(req, res) === "preflight-done") return;
    if (apiKey && method !== "OPTIONS" && !authExempt(url.pathname) && req.headers.authorization !== `Bearer ${apiKey}`) {
      throw new HttpError(401, { error: "Unauthorized" });
    }
    const match = matchRoute(routes, method, url.pathname);
    if (match === null) throw notFound();
    if (match === "method-not-allowed") throw methodNotAllowed();
    const strictJson = url.pathname.startsWith("/v1/");
    const ctx: RouteContext = {
      req,
      res,
      url,
      params: match.params,
      signal: controller.signal,
      json: (opts) => readJson(req, { strictJson, optional: opts?.optional ?? false }),
    };
    await match.route.handler(ctx);
  } catch (err) {
    const e = err instanceof HttpError ? err : internalError(err);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (e.status === 413) res.setHeader("Connection", "close");
    if (typeof e.body === "string") sendText(res, e.status, e.body, e.contentType);
    else sendJson(res, e.status, e.body);
  }
}
