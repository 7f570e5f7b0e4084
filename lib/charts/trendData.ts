import type { LevelResult, RunStatus } from "../schemas/benchmarkRun";
import { gatedLatency, throughputValue, type ThroughputUnit } from "./units";

/** One run of a benchmark as its history shows it: summaries only, no per-request data. */
export interface TrendRun {
  id: string;
  /** Short name on the x axis, e.g. "#4". */
  label: string;
  at: string;
  status: RunStatus;
  tags: string[];
  source: string;
  levels: LevelResult[];
}

export interface TrendPoint {
  run: string;
  runId: string;
  backend: string;
  metric: "p95" | "throughput";
  /** The run's own value (ms, or the throughput unit per second). */
  value: number;
  /** Change against the reference run's same backend and level, in %. */
  changePct: number | null;
  /** Beyond the gate threshold (p95 up by ≥ threshold, throughput down by ≥ threshold). */
  failing: boolean;
  baseline: boolean;
}

export interface TrendOptions {
  level: number;
  latency: "e2e" | "ttft";
  unit: ThroughputUnit;
  /** The reference run; null = the first run with data at this level. */
  baselineId: string | null;
  thresholds: { p95IncreasePct: number; throughputDropPct: number };
}

function valueOf(l: LevelResult | undefined, backend: string, metric: TrendPoint["metric"], o: TrendOptions): number | null {
  const b = l?.backends.find((x) => x.name === backend);
  if (!b) return null;
  return metric === "p95" ? gatedLatency(b, o.latency).p95 : throughputValue(b, o.unit);
}

/** p95 and throughput of every run at one level, each as a % change against the reference run. */
export function trendPoints(runs: ReadonlyArray<TrendRun>, o: TrendOptions): TrendPoint[] {
  const at = (r: TrendRun) => r.levels.find((l) => l.level === o.level);
  const reference = runs.find((r) => r.id === o.baselineId && at(r)) ?? runs.find((r) => at(r));
  const out: TrendPoint[] = [];
  for (const r of runs) {
    const level = at(r);
    if (!level) continue;
    for (const b of level.backends) {
      for (const metric of ["p95", "throughput"] as const) {
        const value = valueOf(level, b.name, metric, o);
        if (value === null) continue;
        const ref = reference ? valueOf(at(reference), b.name, metric, o) : null;
        const changePct = ref !== null && ref > 0 ? ((value - ref) / ref) * 100 : null;
        const failing = changePct !== null && (metric === "p95" ? changePct >= o.thresholds.p95IncreasePct : changePct <= -o.thresholds.throughputDropPct);
        out.push({ run: r.label, runId: r.id, backend: b.name, metric, value, changePct, failing, baseline: r.id === reference?.id });
      }
    }
  }
  return out;
}
