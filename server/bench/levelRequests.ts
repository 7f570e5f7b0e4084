import type { BackendConfig } from "../../lib/schemas/backend";
import { BENCH_LIMITS, type BenchmarkSpec, type RequestSnapshot, type ScoreSnapshot } from "../../lib/schemas/benchmark";
import { buildLoadRequest } from "../adapters/loadRequest";
import type { LoadMode } from "./loadLevel";
import { prepareRequest, type PreparedRequest } from "./sender";

/** A score snapshot with exactly `n` items: its own items repeated in order (1, 10, 100… sweep). */
export function withItems(s: ScoreSnapshot, n: number): ScoreSnapshot {
  return { ...s, items: Array.from({ length: n }, (_, i) => s.items[i % s.items.length] as number[]) };
}

/** The snapshots a level sends: as frozen, or resized to the level's item count for an items sweep. */
export function snapshotsForLevel(spec: BenchmarkSpec, level: number): RequestSnapshot[] {
  if (spec.load.kind !== "items") return spec.requests;
  return spec.requests.map((r) => (r.kind === "score" ? withItems(r, level) : r));
}

/**
 * Built and serialised once per backend and level: sending then only writes bytes. With logprobs
 * "parity-only", a generate request is sent without logprobs, and `forParity` (with them) is what the
 * request whose answer parity judges sends.
 */
export function preparedForLevel(spec: BenchmarkSpec, level: number, backend: BackendConfig, model: string | null): PreparedRequest[] {
  return snapshotsForLevel(spec, level).map((s) => {
    const full = prepareRequest(buildLoadRequest(backend, s, model, { ignoreEos: spec.ignoreEos }));
    if (spec.logprobs === "all" || s.kind !== "generate") return full;
    return { ...prepareRequest(buildLoadRequest(backend, s, model, { logprobs: false, ignoreEos: spec.ignoreEos })), forParity: full };
  });
}

/**
 * How a level sends. Open-loop arrivals are seeded by the benchmark's seed, the trial and the level, not
 * by the backend: both backends get the very same schedule.
 */
export function loadModeFor(spec: BenchmarkSpec, level: number, levelIndex: number, trial: number): LoadMode {
  const load = spec.load;
  switch (load.kind) {
    case "closed":
      return { kind: "closed", concurrency: level };
    case "items":
      return { kind: "closed", concurrency: load.concurrency };
    case "open":
      return {
        kind: "open",
        rate: level,
        arrival: load.arrival,
        burstiness: load.burstiness,
        seed: (spec.seed + trial * 7919 + levelIndex * 104_729) >>> 0,
        ...(load.maxConcurrency !== undefined ? { maxConcurrency: load.maxConcurrency } : {}),
      };
  }
}

/** Sockets a level may open: its concurrency, or the open loop's cap (unbounded without one). */
export function socketsFor(mode: LoadMode): number {
  if (mode.kind === "closed") return mode.concurrency;
  return mode.maxConcurrency ?? Number.POSITIVE_INFINITY;
}

/** Sockets opened ahead of an open loop: its expected requests in flight times this, plus one. */
const OPEN_LOOP_HEADROOM = 1.5;

/**
 * Sockets to open before a level starts: a closed loop's concurrency. An open loop's cap is only a limit,
 * so it opens what its rate needs by Little's law — rate × the warmup's typical latency, with headroom,
 * within the cap — and nothing extra when no warmup measured a latency (it then connects as it goes).
 */
export function socketsToOpen(mode: LoadMode, warmupE2eMs: number | null): number {
  if (mode.kind === "closed") return mode.concurrency;
  if (warmupE2eMs === null || !(warmupE2eMs > 0)) return 0;
  const needed = Math.ceil(((mode.rate * warmupE2eMs) / 1000) * OPEN_LOOP_HEADROOM) + 1;
  return Math.min(needed, mode.maxConcurrency ?? BENCH_LIMITS.concurrency);
}
