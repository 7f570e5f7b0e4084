import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Dialect } from "../../lib/schemas/dialect";

/**
 * A small SGLang-shaped HTTP server for fault tests: real HTTP, scripted behaviour. `mode` can be changed
 * while it runs, so a test can take a backend down and bring it back.
 */
export type FixtureMode = "ok" | "500" | "non-json" | "hang";

export interface FixtureBackend {
  url: string;
  mode: FixtureMode;
  requests: { method: string; url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

const INFO: Record<Dialect, Record<string, unknown>> = {
  sglang: {
    "/server_info": { version: "0.5.9-fixture", model_path: "fixture/model", dtype: "bfloat16", tp_size: 1, attention_backend: "flashinfer", internal_states: [{ last_gen_throughput: 0 }] },
    "/model_info": { model_path: "fixture/model", tokenizer_path: "fixture/model", is_generation: true, weight_version: "default" },
    "/v1/models": { object: "list", data: [{ id: "fixture/model", object: "model", created: 0, owned_by: "sglang", root: "fixture/model", parent: null, max_model_len: 4096 }] },
  },
  "sglang-jax": {
    "/get_server_info": { version: "0.0.3-fixture", model_path: "fixture/model", dtype: "bfloat16", internal_states: [{ waiting_queue_size: 0, running_batch_size: 0 }] },
    "/get_model_info": { model_path: "fixture/model", tokenizer_path: "fixture/model", is_generation: true },
    "/v1/models": { object: "list", data: [{ id: "fixture/model", object: "model", created: 0, owned_by: "sglang", root: "fixture/model", max_model_len: 4096 }] },
  },
};

export async function startFixtureBackend(dialect: Dialect, opts: { apiKey?: string; mode?: FixtureMode } = {}): Promise<FixtureBackend> {
  const state: FixtureBackend = { url: "", mode: opts.mode ?? "ok", requests: [], close: async () => {} };
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    state.requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    if (state.mode === "hang") {
      hung.add(res);
      return;
    }
    const exempt = pathname.startsWith("/health") || pathname.startsWith("/metrics");
    if (opts.apiKey && !exempt && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "Unauthorized" }));
      return;
    }
    if (state.mode === "500") {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ object: "error", message: "Internal server error: CUDA out of memory", type: "InternalServerError", param: null, code: 500 }));
      return;
    }
    if (state.mode === "non-json") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway (nginx)</body></html>");
      return;
    }
    if (pathname === "/health" || pathname === "/health_generate") {
      res.writeHead(200).end();
      return;
    }
    const body = INFO[dialect][pathname];
    if (body) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    else res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Not Found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** A loopback URL on which nothing listens (the port was just free). */
export async function unreachableUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
