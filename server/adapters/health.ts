import type { BackendConfig } from "../../lib/schemas/backend";
import type { Exchange } from "../../lib/schemas/exchange";
import { requestPlain } from "./http";
import type { CallOptions, Outcome } from "./types";

/**
 * GET a health path; ok when it answers 2xx in time. (/health is exempt from the API key on both
 * servers; sglang's runs a 1-token generation, sglang-jax's always answers 200 once up.)
 */
export async function checkHealth(
  backend: BackendConfig,
  path: string,
  opts: CallOptions,
): Promise<Outcome<{ latencyMs: number; exchanges: Exchange[] }>> {
  const r = await requestPlain(backend, { label: "health", method: "GET", path }, opts);
  if (!r.ok) return { ok: false, error: r.error, latencyMs: r.latencyMs, exchanges: [r.exchange] };
  return { ok: true, latencyMs: r.latencyMs, exchanges: [r.exchange] };
}
