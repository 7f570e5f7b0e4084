import type { BackendConfig } from "../../lib/schemas/backend";
import type { ResultBackend, Side, SideResult } from "../../lib/schemas/cellRun";
import { adapters } from "../adapters/registry";
import type { Adapter } from "../adapters/types";

/** One side of a comparison as the runner holds it (the config keeps its API key; results never do). */
export interface SideContext {
  side: Side;
  backend: BackendConfig;
  adapter: Adapter;
}

export function sideContexts(backends: { a: BackendConfig; b: BackendConfig }): Record<Side, SideContext> {
  return {
    a: { side: "a", backend: backends.a, adapter: adapters[backends.a.dialect] },
    b: { side: "b", backend: backends.b, adapter: adapters[backends.b.dialect] },
  };
}

/** Public fields only: a result is shared by link, so the API key must never be in it. */
export function publicBackend(b: BackendConfig): ResultBackend {
  return { name: b.name, dialect: b.dialect, baseUrl: b.baseUrl, model: b.model ?? null };
}

export function emptySide(ctx: SideContext): SideResult {
  return {
    side: ctx.side,
    backend: publicBackend(ctx.backend),
    identity: null,
    ok: false,
    error: null,
    latencyMs: null,
    exchanges: [],
    scores: null,
    scorePromptTokens: null,
    items: [],
    output: null,
  };
}
