import type { BackendInput } from "../../lib/schemas/backend";
import type { BackendRegistry } from "./registry";

export interface RunningEngines {
  backends: BackendInput[];
  close(): Promise<void>;
}

/** Names under which the embedded engines are registered; the UI labels source "reference" plainly. */
export const REFERENCE_BACKENDS = [
  { name: "reference · sglang · float32", dialect: "sglang", dtype: "float32" },
  { name: "reference · sglang-jax · bfloat16", dialect: "sglang-jax", dtype: "bfloat16" },
] as const;

/**
 * Starts the two reference engines on free loopback ports (the sglang dialect in float32, sglang-jax in
 * bfloat16) and registers them, replacing the rows of an earlier start (their ports change every time).
 */
export async function startReferenceEngines(registry: BackendRegistry): Promise<RunningEngines> {
  const { startEngine } = await import("../engine");
  const started = await Promise.all(
    REFERENCE_BACKENDS.map((r) => startEngine({ dialect: r.dialect, dtype: r.dtype, port: 0, host: "127.0.0.1" })),
  );
  const backends: BackendInput[] = REFERENCE_BACKENDS.map((r, i) => ({
    name: r.name,
    dialect: r.dialect,
    baseUrl: started[i]!.url,
    apiKey: null,
    model: null,
  }));
  await registry.syncSource("reference", backends);
  return {
    backends,
    close: async () => {
      await Promise.all(started.map((e) => e.close()));
    },
  };
}
