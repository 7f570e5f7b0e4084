import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadEnv } from "../../server/env";
import { createCaller } from "../../server/routers/_app";
import { closeServices, createServices, type Services } from "../../server/services";

/** A studio's services on a throwaway SQLite file, for integration tests through the tRPC caller. */
export async function withServices(envOverrides: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-test-"));
  const env = loadEnv({ STUDIO_DATA_DIR: dataDir, STUDIO_REFERENCE_ENGINES: "off", ...envOverrides });
  const services: Services = await createServices(env);
  return {
    services,
    caller: createCaller(services),
    dataDir,
    async close() {
      await closeServices(services);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
