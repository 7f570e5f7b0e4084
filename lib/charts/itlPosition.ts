import * as Plot from "@observablehq/plot";
import { itlOf } from "../stats/requestMetrics";
import { seriesToRecords } from "../stats/seriesRecords";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { labelOfLevel, levelOrder } from "./levels";
import { quantilesOf, sortedNumbers } from "./quantiles";
import { backendNames, groupKey, type RunData } from "./runRows";
import { backendColor } from "./theme";

interface PositionStat {
  backend: string;
  level: string;
  position: number;
  n: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Positions drawn per line at most; longer outputs are read in equal buckets of positions. */
const MAX_POSITIONS = 300;

/** ITL samples per (backend, level): position → values. */
function collect(run: RunData): { byGroup: Map<string, Map<number, number[]>>; maxPosition: number } {
  const byGroup = new Map<string, Map<number, number[]>>();
  let maxPosition = 0;
  for (const s of run.series) {
    if (s.warmup) continue;
    const key = groupKey(s.backend, s.level);
    let positions = byGroup.get(key);
    if (!positions) byGroup.set(key, (positions = new Map()));
    for (const r of seriesToRecords(s.data)) {
      const itl = itlOf(r);
      itl.positions.forEach((pos, i) => {
        maxPosition = Math.max(maxPosition, pos);
        let values = positions.get(pos);
        if (!values) positions.set(pos, (values = []));
        values.push(itl.valuesMs[i] as number);
      });
    }
  }
  return { byGroup, maxPosition };
}

/** Inter-token latency by output position: median line and p10–p90 band per backend, a row per level. */
export function itlPositionChart(run: RunData, opts: { width: number }): ChartSpec {
  const title = "ITL by output position";
  const { byGroup, maxPosition } = collect(run);
  const bucket = Math.max(1, Math.ceil((maxPosition + 1) / MAX_POSITIONS));
  const names = backendNames(run);
  const stats: PositionStat[] = [];
  const levels = levelOrder(run);
  for (const level of levels) {
    for (const backend of names) {
      const positions = byGroup.get(groupKey(backend, level));
      if (!positions) continue;
      const buckets = new Map<number, number[]>();
      for (const [pos, values] of positions) {
        const b = Math.floor(pos / bucket) * bucket;
        const into = buckets.get(b);
        if (into) into.push(...values);
        else buckets.set(b, values.slice());
      }
      for (const [position, values] of [...buckets].sort((x, y) => x[0] - y[0])) {
        const [p10, p50, p90] = quantilesOf(sortedNumbers(values), [10, 50, 90]) as number[];
        stats.push({ backend, level: labelOfLevel(run, level), position, n: values.length, p10: p10!, p50: p50!, p90: p90! });
      }
    }
  }
  if (stats.length === 0) {
    const why = run.spec.requests[0]?.kind === "score" ? "Score requests are not streamed, so they have no inter-token latency." : "No streamed request produced two or more token chunks.";
    return emptyChart("itlPosition", title, why);
  }
  const rows = levels.map((l) => labelOfLevel(run, l)).filter((l) => stats.some((s) => s.level === l));
  const tip = (s: PositionStat) =>
    `${s.backend} · ${s.level} · position ${s.position}${bucket > 1 ? `–${s.position + bucket - 1}` : ""} (n ${s.n})\np10 ${s.p10.toFixed(2)} · p50 ${s.p50.toFixed(2)} · p90 ${s.p90.toFixed(2)} ms`;
  return chartSpec("itlPosition", title, {
    width: opts.width,
    height: 46 + 140 * rows.length,
    marginLeft: 48,
    marginRight: 96,
    x: { label: bucket > 1 ? `output position (buckets of ${bucket})` : "output position (tokens before the chunk)", grid: true },
    y: { label: "ITL (ms)", grid: true, nice: true, zero: true },
    fy: { domain: rows, label: null },
    color: backendColor(names),
    ariaLabel: title,
    ariaDescription: "Median inter-token latency per output position, with its p10–p90 band, per backend and level.",
    marks: [
      Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.areaY(stats, { x: "position", y1: "p10", y2: "p90", z: "backend", fill: "backend", fillOpacity: 0.18, fy: "level", curve: "step-after" }),
      Plot.line(stats, { x: "position", y: "p50", z: "backend", stroke: "backend", fy: "level", strokeWidth: 1.4, curve: "step-after" }),
      Plot.dot(stats, { x: "position", y: "p50", fill: "backend", fy: "level", r: 1.4, title: tip }),
    ],
  });
}
