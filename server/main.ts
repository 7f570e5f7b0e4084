import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import next from "next";
import { WebSocketServer } from "ws";
import { readDeclaredBackends } from "./backends/declared";
import { startReferenceEngines, type RunningEngines } from "./backends/referenceEngines";
import { ensureWritableDataDir } from "./dataDir";
import { loadExamplesOnFirstStart } from "./notebooks/examples";
import type { Env } from "./env";
import { appRouter, createCaller, type StudioCaller } from "./routers/_app";
import { closeServices, createServices, type Services } from "./services";
import { refuseForeignRequest } from "./requestGuard";
import { describeListenError } from "./startupError";
import { PROJECT_ROOT } from "./version";

export const TRPC_HTTP_PATH = "/api/trpc";
export const TRPC_WS_PATH = "/api/trpc-ws";
/** Largest API request body: a notebook of 500 full cells fits; anything bigger is refused before parsing. */
const MAX_API_BODY_BYTES = 32 * 1024 * 1024;
const MAX_WS_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface StudioServer {
  url: string;
  port: number;
  services: Services;
  referenceEngines: RunningEngines | null;
  close(): Promise<void>;
}

/** What server components read to call the router in-process (set once the server is up). */
export interface StudioGlobal {
  caller: StudioCaller;
}
declare global {
  // eslint-disable-next-line no-var
  var __sglangStudio: StudioGlobal | undefined;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(describeListenError(err, host, port));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * One process: Next.js pages, the tRPC API over HTTP at /api/trpc, and tRPC subscriptions over WebSocket
 * at /api/trpc-ws, all on one port. The port is taken first so a conflict fails before anything starts.
 */
export async function startStudio(env: Env, opts: { withNext?: boolean } = {}): Promise<StudioServer> {
  ensureWritableDataDir(env.dataDir);
  const declared = readDeclaredBackends(env); // a bad config file fails here, before the port is taken

  let onRequest: http.RequestListener = (_req, res) => {
    res.writeHead(503, { "content-type": "text/plain", "retry-after": "1" }).end("SGLang Studio is starting\n");
  };
  const server = http.createServer((req, res) => onRequest(req, res));
  const port = await listen(server, env.HOST, env.PORT);

  const services = await createServices(env);
  // Only the server owns the job queue: runs it left "running" (crash, restart) become "interrupted",
  // their data kept, and queued ones resume. CLI commands on the same data folder never do this.
  await services.bench.recover();
  await loadExamplesOnFirstStart(services);
  let referenceEngines: RunningEngines | null = null;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const closeAll = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const client of wss.clients) client.terminate();
    wss.close();
    // services first: runs in flight end as "interrupted" before the engines they talk to go away
    await closeServices(services);
    await referenceEngines?.close();
  };
  try {
    await services.backends.syncSource("config", declared);
    const configured = (await services.backends.countBySource("user")) + (await services.backends.countBySource("config"));
    if (env.STUDIO_REFERENCE_ENGINES === "auto" && configured === 0) {
      referenceEngines = await startReferenceEngines(services.backends, env.STUDIO_REFERENCE_STEP_DELAY_MS);
    } else {
      await services.backends.syncSource("reference", []);
    }
    services.health.start();

    globalThis.__sglangStudio = { caller: createCaller(services) };
    const trpcHandler = createHTTPHandler({
      router: appRouter,
      createContext: () => services,
      basePath: `${TRPC_HTTP_PATH}/`,
      maxBodySize: MAX_API_BODY_BYTES,
      onError: ({ error, path }) => {
        // unexpected failures are logged here; the client gets the message, never the stack
        if (error.code === "INTERNAL_SERVER_ERROR") process.stderr.write(`studio: ${path ?? "?"} failed: ${error.stack ?? error.message}\n`);
      },
    });
    const wsHandler = applyWSSHandler({
      wss,
      router: appRouter,
      createContext: () => services,
      keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    });
    process.once("SIGTERM", () => wsHandler.broadcastReconnectNotification());

    let nextHandle: http.RequestListener = (_req, res) => res.writeHead(404).end();
    let nextUpgrade: ((req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void) | null = null;
    if (opts.withNext !== false) {
      const app = next({ dev: false, dir: PROJECT_ROOT, hostname: env.HOST, port });
      await app.prepare();
      const handle = app.getRequestHandler();
      nextHandle = (req, res) => void handle(req, res);
      const upgrade = app.getUpgradeHandler();
      nextUpgrade = (req, socket, head) => void upgrade(req, socket, head);
    }
    server.on("upgrade", (req, socket, head) => {
      if (req.url?.startsWith(TRPC_WS_PATH)) {
        if (refuseForeignRequest(req, env)) {
          socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      }
      else if (nextUpgrade) nextUpgrade(req, socket, head);
      else socket.destroy();
    });
    onRequest = (req, res) => {
      if (req.url?.startsWith("/api/")) {
        const refused = refuseForeignRequest(req, env);
        if (refused) {
          res.writeHead(403, { "content-type": "text/plain" }).end(`${refused}\n`);
          return;
        }
      }
      if (req.url?.startsWith(`${TRPC_HTTP_PATH}/`)) trpcHandler(req, res);
      else nextHandle(req, res);
    };
  } catch (err) {
    await closeAll();
    throw err;
  }

  const shownHost = env.HOST === "127.0.0.1" || env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  return { url: `http://${shownHost}:${port}`, port, services, referenceEngines, close: closeAll };
}
