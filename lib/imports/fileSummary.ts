import type { Summary } from "../schemas/stats";
import { numberField } from "./pythonJson";

/**
 * A latency summary from a tool's aggregate keys, `{mean,median,std,p90,p95,p99}_<metric>_ms`. The tools
 * report a fixed subset (bench_serving: no p90/p95 TTFT or TPOT; vLLM: p99 unless asked for more):
 * absent statistics stay null and are shown as missing. No interval: the file has no samples.
 */
export function summaryFromKeys(raw: Record<string, unknown>, metric: string, n: number | null): Summary | null {
  const pick = (stat: string) => {
    const v = numberField(raw[`${stat}_${metric}_ms`]);
    return v !== null && Number.isFinite(v) ? v : null;
  };
  const s = { mean: pick("mean"), std: pick("std"), p50: pick("median") ?? pick("p50"), p90: pick("p90"), p95: pick("p95"), p99: pick("p99"), max: pick("max") };
  if (Object.values(s).every((v) => v === null)) return null;
  return { n: n ?? 0, dropped: 0, mean: s.mean, std: s.std, min: null, max: s.max, p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, ci95: { p50: null, p95: null, p99: null } };
}

/** A summary of nothing: the metric was not measured. */
export function missingSummary(): Summary {
  return { n: 0, dropped: 0, mean: null, std: null, min: null, max: null, p50: null, p90: null, p95: null, p99: null, ci95: { p50: null, p95: null, p99: null } };
}
