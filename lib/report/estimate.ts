import { levelsOf, type LoadProfile } from "../schemas/benchmark";
import { fmtDuration, fmtMs } from "./format";

/**
 * How long a benchmark will take, before it runs — from the cell's own latency when it has run once.
 * The server's scaling is unknown, so closed loops get a range: perfect scaling (c requests in the time
 * of one) to none (one at a time). Open loops take requests ÷ rate unless the server cannot keep up.
 * Item sweeps assume latency grows with the items per request. Timed levels take exactly their time.
 */
export interface EstimateInput {
  load: LoadProfile;
  requestsPerLevel?: number;
  secondsPerLevel?: number;
  warmup: number;
  trials: number;
  schedule: "sequential" | "concurrent";
  backends: number;
  /** One request's latency on the slower backend, ms (from the cell's last run); null = unknown. */
  latencyMs: number | null;
  /** Items in the cell's score request (item sweeps scale the latency by level ÷ this). */
  cellItems?: number;
}

export interface Estimate {
  /** Requests sent, warmup included (null for timed levels: it depends on the server). */
  requests: number | null;
  lowMs: number | null;
  highMs: number | null;
  text: string;
}

function levelBounds(load: LoadProfile, level: number, n: number, latency: number, cellItems: number): [number, number] {
  switch (load.kind) {
    case "closed":
      return [(n * latency) / level, n * latency];
    case "open": {
      const paced = (n / level) * 1000 + latency;
      return [paced, Math.max(paced, n * latency)];
    }
    case "items": {
      const l = (latency * level) / Math.max(1, cellItems);
      return [(n * l) / load.concurrency, n * l];
    }
  }
}

/** One backend's warmup, ms: an open loop warms up at its first rate (the runner sends it in the level's shape). */
function warmupMs(i: EstimateInput, firstLevel: number): number {
  if (i.warmup === 0) return 0;
  const latency = i.latencyMs ?? 0;
  return i.load.kind === "open" ? (i.warmup / firstLevel) * 1000 + latency : i.warmup * latency;
}

export function estimateDuration(i: EstimateInput): Estimate {
  const levels = levelsOf(i.load);
  const runs = levels.length * i.trials * i.backends;
  const parallel = i.schedule === "concurrent" ? i.backends : 1;
  const warmupRequests = i.warmup * i.trials * i.backends;
  const warm = (warmupMs(i, levels[0] as number) * i.trials * i.backends) / parallel;
  if (i.secondsPerLevel !== undefined) {
    const ms = (runs / parallel) * i.secondsPerLevel * 1000 + warm;
    return { requests: null, lowMs: ms, highMs: ms, text: `about ${fmtDuration(ms)} (${runs} timed levels of ${i.secondsPerLevel} s${parallel > 1 ? ", backends at the same time" : ""})` };
  }
  const n = i.requestsPerLevel ?? 0;
  const requests = runs * n + warmupRequests;
  if (i.latencyMs === null) {
    return { requests, lowMs: null, highMs: null, text: `${requests.toLocaleString("en-US")} requests; run the cell once to estimate the time` };
  }
  let low = 0;
  let high = 0;
  for (const level of levels) {
    const [lo, hi] = levelBounds(i.load, level, n, i.latencyMs, i.cellItems ?? 1);
    low += lo;
    high += hi;
  }
  const per = i.trials * (i.backends / parallel);
  low = low * per + warm;
  high = high * per + warm;
  const range = fmtDuration(low) === fmtDuration(high) ? `about ${fmtDuration(low)}` : `${fmtDuration(low)} to ${fmtDuration(high)}`;
  return { requests, lowMs: low, highMs: high, text: `${range} for ${requests.toLocaleString("en-US")} requests (at ${i.latencyMs < 1000 ? fmtMs(i.latencyMs) : fmtDuration(i.latencyMs)} per request; the range is perfect to no parallel scaling)` };
}
