import * as Plot from "@observablehq/plot";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { backendColor, CHART_COLORS } from "./theme";
import { trendPoints, type TrendOptions, type TrendRun, type TrendPoint } from "./trendData";
import { UNIT_LABEL } from "./units";

const PANELS = { p95: "p95 latency", throughput: "throughput" } as const;

/**
 * p95 latency and throughput over runs, as % change against the baseline run (or the first run), one
 * panel each, a line per backend; the gate thresholds are dashed rules, points beyond them are ringed red.
 */
export function trendChart(runs: ReadonlyArray<TrendRun>, o: TrendOptions & { width: number; backends: string[]; levelLabel: string }): ChartSpec {
  const title = `Trend over runs at ${o.levelLabel}`;
  const points = trendPoints(runs, o).filter((p) => p.changePct !== null);
  if (points.length === 0) return emptyChart("trend", title, `No run has measured ${o.levelLabel} yet.`);
  const rows = points.map((p) => ({ ...p, panel: PANELS[p.metric] }));
  const order = runs.map((r) => r.label).filter((l) => rows.some((p) => p.run === l));
  const thresholds = [
    { panel: PANELS.p95, y: o.thresholds.p95IncreasePct, label: `gate +${o.thresholds.p95IncreasePct}%` },
    { panel: PANELS.throughput, y: -o.thresholds.throughputDropPct, label: `gate −${o.thresholds.throughputDropPct}%` },
  ];
  const latencyName = o.latency === "ttft" ? "TTFT" : "E2E";
  const tip = (p: TrendPoint & { panel: string }) =>
    `${p.run} · ${p.backend}${p.baseline ? " · reference" : ""}\n${p.metric === "p95" ? `p95 ${latencyName} ${p.value.toFixed(1)} ms` : `${p.value.toFixed(1)} ${UNIT_LABEL[o.unit]}`} (${(p.changePct as number) >= 0 ? "+" : ""}${(p.changePct as number).toFixed(1)}%)${p.failing ? "\nbeyond the gate threshold" : ""}`;
  return chartSpec("trend", title, {
    width: o.width,
    height: 330,
    marginLeft: 52,
    marginRight: 110,
    x: { domain: order, label: "run", padding: 0.4 },
    y: { label: "change vs reference (%)", grid: true, nice: true },
    fy: { domain: [PANELS.p95, PANELS.throughput], label: null },
    color: backendColor(o.backends),
    ariaLabel: title,
    ariaDescription: `Change in p95 ${latencyName} and ${UNIT_LABEL[o.unit]} per run against the reference run, with the gate thresholds drawn.`,
    marks: [
      Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.ruleY([0], { stroke: "currentColor", strokeOpacity: 0.4 }),
      Plot.ruleY(thresholds, { y: "y", fy: "panel", stroke: CHART_COLORS.bad, strokeDasharray: "5,3" }),
      Plot.text(thresholds, { y: "y", fy: "panel", text: "label", frameAnchor: "left", textAnchor: "start", dx: 4, dy: -7, fill: CHART_COLORS.bad }),
      Plot.line(rows, { x: "run", y: "changePct", z: "backend", stroke: "backend", fy: "panel", strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "run", y: "changePct", fill: "backend", fy: "panel", r: 3.5, title: tip }),
      Plot.dot(rows.filter((p) => p.failing), { x: "run", y: "changePct", fy: "panel", stroke: CHART_COLORS.bad, r: 7, strokeWidth: 1.5 }),
      Plot.dot(rows.filter((p) => p.baseline), { x: "run", y: "changePct", fy: "panel", stroke: "currentColor", r: 7, strokeDasharray: "2,2" }),
    ],
  });
}
