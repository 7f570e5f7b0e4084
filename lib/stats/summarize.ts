import type { BootstrapOptions, Summary } from "../schemas/stats";
import { bootstrapIntervals, percentileStat } from "./bootstrap";
import { mean, percentileOfSorted, std } from "./descriptive";
import { finiteValues, sortedCopy } from "./numbers";

const CI_PERCENTILES = [50, 95, 99] as const;

/**
 * The numbers shown for one latency series: n, mean, std (ddof 0), min/max, p50/p90/p95/p99 (numpy
 * "linear") and seeded bootstrap 95% intervals of p50/p95/p99. null/NaN/±inf samples are dropped and
 * counted. The interval level is fixed at 95% here (the field is ci95); `opts.level` is ignored.
 */
export function summarize(samples: ReadonlyArray<number | null>, opts?: BootstrapOptions): Summary {
  const { values, dropped } = finiteValues(samples);
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const [p50, p95, p99] = bootstrapIntervals(
    sorted,
    CI_PERCENTILES.map((p) => percentileStat(p)),
    { ...opts, level: 0.95 },
  );
  return {
    n,
    dropped,
    mean: mean(sorted),
    std: std(sorted),
    min: n > 0 ? (sorted[0] as number) : null,
    max: n > 0 ? (sorted[n - 1] as number) : null,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    ci95: { p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null },
  };
}
