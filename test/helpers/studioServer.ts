import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { loadEnv } from "../../server/env";
import { startStudio, type StudioServer } from "../../server/main";
import type { AppRouter } from "../../server/routers/_app";

/**
 * The real studio server (tRPC over HTTP and WebSocket on one port, real SQLite) without the Next.js pages,
 * plus a tRPC client that talks to it the way the browser does.
 */
export async function withStudioServer(envOverrides: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-it-"));
  const env = loadEnv({ STUDIO_DATA_DIR: dataDir, PORT: "0", STUDIO_REFERENCE_ENGINES: "off", ...envOverrides });
  const studio: StudioServer = await startStudio(env, { withNext: false });
  const base = `http://127.0.0.1:${studio.port}`;
  const wsClient = createWSClient({ url: `ws://127.0.0.1:${studio.port}/api/trpc-ws`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({ url: `${base}/api/trpc` }),
      }),
    ],
  });
  return {
    studio,
    client,
    base,
    dataDir,
    async close() {
      await wsClient.close();
      await studio.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
