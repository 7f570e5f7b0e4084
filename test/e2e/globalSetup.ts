import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Starts the studio exactly as `npm start` does (building first if the sources changed), on a free port
 * with a throwaway data folder, and with the embedded reference engines. Tests read STUDIO_E2E_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-e2e-"));
  const noConfig = path.join(dataDir, "studio.config.json");
  fs.writeFileSync(noConfig, JSON.stringify({ backends: [] }));
  const child = spawn(process.execPath, ["--min-semi-space-size=16", "--import", "tsx", "server/start.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      STUDIO_DATA_DIR: dataDir,
      STUDIO_HEALTH_INTERVAL_MS: "500",
      STUDIO_HEALTH_TIMEOUT_MS: "1000",
      // the suite needs the two reference engines, whatever backends this machine's user has configured
      STUDIO_REFERENCE_ENGINES: "auto",
      // engines in their own processes answer 96 tokens in ~30 ms: slow them so live streaming is visible
      STUDIO_REFERENCE_STEP_DELAY_MS: "3",
      STUDIO_BACKENDS: "",
      STUDIO_CONFIG: noConfig,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio did not start in 5 minutes:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /ready on (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`studio exited (${code}) before it was ready:\n${output}`)));
  });
  process.env.STUDIO_E2E_URL = url;
  process.env.STUDIO_E2E_DATA_DIR = dataDir;
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
