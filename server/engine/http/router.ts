import type { IncomingMessage, ServerResponse } from "node:http";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** the JSON body (undefined when empty and optional); validation errors are thrown as HttpError */
  json(opts?: { optional?: boolean }): Promise<unknown>;
  /** aborted when the client goes away before the response is complete */
  signal: AbortSignal;
  params: Record<string, string>;
}

export interface Route {
  methods: readonly string[];
  /** exact path, or a pattern with named groups for parameters */
  path: string | RegExp;
  handler(ctx: RouteContext): Promise<void> | void;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | "method-not-allowed" | null;

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    let params: Record<string, string> | null = null;
    if (typeof route.path === "string") params = route.path === pathname ? {} : null;
    else {
      const m = route.path.exec(pathname);
      params = m ? { ...(m.groups ?? {}) } : null;
    }
    if (!params) continue;
    pathMatched = true;
    if (route.methods.includes(method) || (method === "HEAD" && route.methods.includes("GET"))) return { route, params };
  }
  return pathMatched ? "method-not-allowed" : null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  res.statusCode = status;
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}
