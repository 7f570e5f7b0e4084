import type { LevelResult } from "../../lib/schemas/benchmarkRun";
import type { SparkPoint } from "../../lib/charts/sparkline";
import { gatedLatency, throughputValue, type ThroughputUnit } from "../../lib/charts/units";

/** p95 and throughput of each finished run at one level, per backend, oldest first: what the list's sparklines draw. */
export function sparkSeries(
  history: ReadonlyArray<{ index: number; levels: LevelResult[] }>,
  o: { level: number; latency: "e2e" | "ttft"; unit: ThroughputUnit },
): { p95: SparkPoint[]; throughput: SparkPoint[] } {
  const p95: SparkPoint[] = [];
  const throughput: SparkPoint[] = [];
  for (const r of history) {
    const l = r.levels.find((x) => x.level === o.level);
    for (const b of l?.backends ?? []) {
      const lat = gatedLatency(b, o.latency).p95;
      const thr = throughputValue(b, o.unit);
      if (lat !== null) p95.push({ i: r.index, value: lat, backend: b.name });
      if (thr !== null) throughput.push({ i: r.index, value: thr, backend: b.name });
    }
  }
  return { p95, throughput };
}
