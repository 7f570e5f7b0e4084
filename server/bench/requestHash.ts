import { createHash } from "node:crypto";
import { RequestSnapshot, type BenchmarkDraft, type BenchmarkSpec } from "../../lib/schemas/benchmark";

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * "sha256:…" of the request snapshots after defaults: the identity of a benchmark's input. Two runs are
 * compared only when these match (a baseline from another request is refused).
 */
export function requestHash(requests: ReadonlyArray<unknown>): string {
  const normalized = requests.map((r) => RequestSnapshot.parse(r));
  return `sha256:${createHash("sha256").update(canonicalJson(normalized)).digest("hex")}`;
}

/**
 * A draft made into a spec: its hash computed, or checked when the draft carries one (a file whose
 * requests were edited after it was written says so instead of silently changing identity).
 */
export function sealSpec(draft: BenchmarkDraft): { ok: true; spec: BenchmarkSpec } | { ok: false; message: string } {
  const hash = requestHash(draft.requests);
  if (draft.requestHash !== undefined && draft.requestHash !== hash) {
    return {
      ok: false,
      message: `requestHash: the file says ${draft.requestHash} but its requests hash to ${hash}; the requests were edited — remove requestHash to accept them as a new input`,
    };
  }
  return { ok: true, spec: { ...draft, requestHash: hash } };
}
