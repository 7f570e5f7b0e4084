import type { BenchmarkSpec } from "../schemas/benchmark";
import type { BackendLevel } from "../schemas/benchmarkRun";

/**
 * Which throughput a benchmark is judged by (the same choice the gates make): items/s for score
 * requests, output tokens/s for generate requests.
 */
export type ThroughputUnit = "items" | "outputTokens" | "requests";

export function throughputUnitOf(spec: Pick<BenchmarkSpec, "requests">): ThroughputUnit {
  return spec.requests[0]?.kind === "score" ? "items" : "outputTokens";
}

export const UNIT_LABEL: Record<ThroughputUnit, string> = { items: "items/s", outputTokens: "output tokens/s", requests: "requests/s" };

export function throughputValue(b: BackendLevel, unit: ThroughputUnit): number | null {
  return unit === "items" ? b.throughput.itemsPerSec : unit === "outputTokens" ? b.throughput.outputTokensPerSec : b.throughput.requestsPerSec;
}

/** The latency a benchmark gates on (e2e, or ttft for streams when chosen). */
export function gatedLatency(b: BackendLevel, latency: "e2e" | "ttft") {
  return latency === "ttft" ? b.metrics.ttftMs : b.metrics.e2eMs;
}
