import { TRPCError } from "@trpc/server";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { BenchmarkSpec } from "../../lib/schemas/benchmark";
import { requestHash } from "../bench/requestHash";
import type { Services } from "../services";
import { cellSource } from "./cellSource";

/**
 * Whether a benchmark's source cell still sends the request the benchmark froze. The benchmark always
 * runs its own snapshot; this only tells the user when the cell has moved on since.
 */
export type SourceStatus =
  | { state: "same"; message: string }
  | { state: "changed"; message: string }
  | { state: "gone"; message: string }
  | { state: "none"; message: string }
  | { state: "unknown"; message: string };

async function backendsFor(s: Services, spec: BenchmarkSpec): Promise<{ a: BackendConfig; b: BackendConfig } | null> {
  const known = await s.backends.list();
  const found = spec.backends.map((b) => known.find((k) => k.id === b.backendId) ?? known.find((k) => k.name === b.name));
  const [a, b] = found;
  if (!a) return null;
  return { a, b: b ?? a };
}

export async function sourceStatus(s: Services, b: { notebookId: string | null; cellId: string | null; spec: BenchmarkSpec }): Promise<SourceStatus> {
  if (!b.notebookId || !b.cellId) return { state: "none", message: "This benchmark was not promoted from a notebook cell." };
  let doc;
  try {
    doc = (await s.notebooks.get(b.notebookId)).doc;
  } catch (err) {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") return { state: "gone", message: `The source notebook is gone (${err.message}). This benchmark runs its own snapshot of the request.` };
    throw err;
  }
  const cell = doc.cells.find((c) => c.id === b.cellId);
  if (!cell || cell.kind === "markdown") return { state: "gone", message: "The source cell was deleted from its notebook. This benchmark runs its own snapshot of the request." };
  const backends = await backendsFor(s, b.spec);
  if (!backends) return { state: "unknown", message: "Could not check the source cell: none of the benchmark's backends is configured any more." };
  const now = await cellSource(s.db, b.notebookId, cell, backends, s.env.STUDIO_BACKEND_TIMEOUT_MS);
  if (!now.ok) return { state: "unknown", message: `Could not check the source cell: ${now.message}.` };
  if (requestHash([now.snapshot]) === b.spec.requestHash) return { state: "same", message: "The source cell still sends exactly this request." };
  return {
    state: "changed",
    message: "The source cell changed since this benchmark was promoted: this benchmark runs its own snapshot of the request, not the cell's current one. Promote the cell again to benchmark the new request.",
  };
}
