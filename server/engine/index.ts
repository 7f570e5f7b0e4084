import type { AddressInfo } from "node:net";
import type { Dialect } from "../../lib/schemas/dialect";
import { ReferenceEngine, type EngineSettings } from "./engine";
import type { Precision } from "./model/config";
import { jaxRoutes } from "./http/jaxRoutes";
import { createHttpServer } from "./http/server";
import { sglangRoutes } from "./http/sglangRoutes";

export interface StartEngineOptions {
  dialect: Dialect;
  /** 0 or absent: a free port */
  port?: number;
  host?: string;
  dtype?: Precision;
  /** multi-item scoring on /v1/score (sglang dialect only) */
  enableMis?: boolean;
  apiKey?: string | null;
  maxRunningRequests?: number;
  /** server random seed: sampling without sampling_seed draws from it */
  seed?: number;
  /** extra sleep per scheduler step, to slow a backend on purpose */
  stepDelayMs?: number;
  enableMetrics?: boolean;
}

export interface RunningEngine {
  url: string;
  port: number;
  engine: ReferenceEngine;
  close(): Promise<void>;
}

export const ENGINE_DEFAULTS = { host: "127.0.0.1", dtype: "float32" as Precision, maxRunningRequests: 64, seed: 42, stepDelayMs: 0 };

/** Resolves options to settings, or throws with a message naming the bad value. */
export function resolveSettings(opts: StartEngineOptions): EngineSettings {
  if (opts.dialect !== "sglang" && opts.dialect !== "sglang-jax") throw new Error(`invalid dialect; not sglang or sglang-jax: ${String(opts.dialect)}`);
  const dtype = opts.dtype ?? ENGINE_DEFAULTS.dtype;
  if (dtype !== "float32" && dtype !== "bfloat16") throw new Error(`invalid dtype; not float32 or bfloat16: ${String(dtype)}`);
  if (opts.enableMis && opts.dialect !== "sglang") throw new Error("--enable-mis exists only on the sglang dialect (sglang-jax main has no multi-item scoring)");
  const maxRunning = opts.maxRunningRequests ?? ENGINE_DEFAULTS.maxRunningRequests;
  if (!Number.isInteger(maxRunning) || maxRunning < 1) throw new Error(`invalid max running requests; not an integer ≥ 1: ${maxRunning}`);
  const stepDelayMs = opts.stepDelayMs ?? ENGINE_DEFAULTS.stepDelayMs;
  if (!(stepDelayMs >= 0)) throw new Error(`invalid step delay; not ≥ 0 ms: ${stepDelayMs}`);
  const seed = opts.seed ?? ENGINE_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new Error(`invalid seed; not an integer: ${seed}`);
  return {
    dialect: opts.dialect,
    precision: dtype,
    enableMis: opts.enableMis ?? false,
    maxRunningRequests: maxRunning,
    seed,
    stepDelayMs,
    enableMetrics: opts.enableMetrics ?? false,
    apiKey: opts.apiKey ?? null,
    host: opts.host ?? ENGINE_DEFAULTS.host,
  };
}

/** Starts a reference engine speaking one SGLang dialect over HTTP. */
export async function startEngine(opts: StartEngineOptions): Promise<RunningEngine> {
  const settings = resolveSettings(opts);
  const engine = new ReferenceEngine(settings);
  const routes = settings.dialect === "sglang" ? sglangRoutes(engine) : jaxRoutes(engine);
  const server = createHttpServer(routes, settings.apiKey);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  engine.port = port;
  const hostForUrl = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    engine,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        engine.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

export { ReferenceEngine } from "./engine";
