import type { BackendConfig, BackendIdentity } from "../../lib/schemas/backend";
import { adapters } from "../adapters/registry";
import type { CallOptions } from "../adapters/types";

/**
 * A backend's identity (version, model, dtype, flags), read at most once per `ttlMs` per backend and
 * address: every run records it as evidence, but reading three info endpoints per side on every run
 * would add requests (and load) to what the user measures. A failed read is not kept.
 */
export class IdentityCache {
  private readonly entries = new Map<string, { at: number; identity: Promise<BackendIdentity> }>();

  constructor(private readonly ttlMs = 30_000) {}

  get(backend: BackendConfig, opts: CallOptions): Promise<BackendIdentity> {
    const key = `${backend.id}\0${backend.baseUrl}\0${backend.dialect}\0${backend.apiKey ?? ""}`;
    const hit = this.entries.get(key);
    if (hit && performance.now() - hit.at < this.ttlMs) return hit.identity;
    const identity = adapters[backend.dialect].identity(backend, opts);
    this.entries.set(key, { at: performance.now(), identity });
    void identity.then((idn) => {
      if (idn.errors.length > 0) this.entries.delete(key);
    });
    return identity;
  }
}
