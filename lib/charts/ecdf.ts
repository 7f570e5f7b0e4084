import * as Plot from "@observablehq/plot";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { labelOfLevel, levelOrder } from "./levels";
import { ecdfPoints, quantilesOf, sortedNumbers } from "./quantiles";
import { backendNames, groupKey, latencyGroups, type RunData } from "./runRows";
import { backendColor } from "./theme";

interface EcdfPoint {
  backend: string;
  level: string;
  metric: string;
  value: number;
  fraction: number;
}

const MARKED = [50, 95, 99] as const;

function tip(p: EcdfPoint): string {
  return `${p.backend} · ${p.level} · ${p.metric}\np${Math.round(p.fraction * 100)} = ${p.value.toFixed(1)} ms`;
}

/**
 * ECDF of TTFT (streams) and E2E per backend: one panel per metric and level, a line per backend, with
 * p50/p95/p99 marked (their values are the marks' hover text, which also works in a static SVG).
 */
export function ecdfChart(run: RunData, opts: { width: number }): ChartSpec {
  const title = "Latency ECDF";
  const names = backendNames(run);
  const levels = levelOrder(run);
  const curve: EcdfPoint[] = [];
  const marked: EcdfPoint[] = [];
  const metrics: string[] = [];
  for (const [metric, label] of [["ttft", "TTFT"], ["e2e", "E2E"]] as const) {
    const groups = latencyGroups(run.series, metric);
    const before = curve.length;
    for (const level of levels) {
      for (const backend of names) {
        const values = groups.get(groupKey(backend, level));
        if (!values || values.length === 0) continue;
        const sorted = sortedNumbers(values);
        const at = { backend, level: labelOfLevel(run, level), metric: label };
        for (const p of ecdfPoints(sorted)) curve.push({ ...at, ...p });
        quantilesOf(sorted, MARKED).forEach((value, i) => marked.push({ ...at, value: value as number, fraction: (MARKED[i] as number) / 100 }));
      }
    }
    if (curve.length > before) metrics.push(label);
  }
  if (curve.length === 0) return emptyChart("ecdf", title, "No request succeeded, so there is no latency to chart.");
  const rows = levels.map((l) => labelOfLevel(run, l)).filter((l) => curve.some((p) => p.level === l));
  return chartSpec("ecdf", title, {
    width: opts.width,
    height: 46 + 150 * rows.length,
    marginLeft: 48,
    marginRight: 96,
    x: { label: "latency (ms)", grid: true, nice: true, zero: true },
    y: { label: "fraction ≤ x", domain: [0, 1], grid: true, tickFormat: "%" },
    fx: { domain: metrics, label: null },
    fy: { domain: rows, label: null },
    color: backendColor(names),
    ariaLabel: title,
    ariaDescription: `Empirical CDF of ${metrics.join(" and ")} latency per backend and level; p50, p95 and p99 are marked.`,
    marks: [
      Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.line(curve, { x: "value", y: "fraction", z: "backend", stroke: "backend", fx: "metric", fy: "level", curve: "step-after", strokeWidth: 1.6 }),
      Plot.dot(marked, { x: "value", y: "fraction", fill: "backend", fx: "metric", fy: "level", r: 3, title: tip }),
    ],
  });
}
