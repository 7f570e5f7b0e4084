import * as Plot from "@observablehq/plot";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { backendNames, type RunData } from "./runRows";
import { backendColor } from "./theme";
import { gatedLatency, throughputUnitOf, throughputValue, UNIT_LABEL } from "./units";

interface Point {
  backend: string;
  level: string;
  order: number;
  throughput: number;
  p95: number;
  lo: number | null;
  hi: number | null;
  saturated: boolean;
}

/**
 * Throughput (x) against p95 latency (y) across levels, a line per backend in level order: the
 * capacity curve. Error bars are the p95's bootstrap interval; saturated levels get a ring.
 */
export function throughputLatencyChart(run: RunData, opts: { width: number }): ChartSpec {
  const latency = run.spec.gates.latency;
  const unit = throughputUnitOf(run.spec);
  const latencyLabel = latency === "ttft" ? "TTFT" : "E2E";
  const title = `Throughput vs p95 ${latencyLabel}`;
  const names = backendNames(run);
  const points: Point[] = [];
  run.levels.forEach((l, order) => {
    for (const b of l.backends) {
      const throughput = throughputValue(b, unit);
      const s = gatedLatency(b, latency);
      if (throughput === null || s.p95 === null) continue;
      const ci = s.ci95.p95;
      points.push({ backend: b.name, level: l.label, order, throughput, p95: s.p95, lo: ci?.[0] ?? null, hi: ci?.[1] ?? null, saturated: b.saturation.status === "saturated" });
    }
  });
  if (points.length === 0) return emptyChart("throughputLatency", title, `No level has both a throughput (${UNIT_LABEL[unit]}) and a p95 ${latencyLabel}.`);
  const withCi = points.filter((p) => p.lo !== null && p.hi !== null);
  const tip = (p: Point) =>
    `${p.backend} · ${p.level}${p.saturated ? " · saturated" : ""}\n${p.throughput.toFixed(1)} ${UNIT_LABEL[unit]} · p95 ${p.p95.toFixed(1)} ms${p.lo !== null && p.hi !== null ? ` [${p.lo.toFixed(1)}, ${p.hi.toFixed(1)}]` : ""}`;
  return chartSpec("throughputLatency", title, {
    width: opts.width,
    height: 300,
    marginLeft: 52,
    marginRight: 20,
    x: { label: UNIT_LABEL[unit], grid: true, nice: true, zero: true },
    y: { label: `p95 ${latencyLabel} (ms)`, grid: true, nice: true, zero: true },
    color: backendColor(names),
    ariaLabel: title,
    ariaDescription: `One point per load level and backend: throughput in ${UNIT_LABEL[unit]} against p95 ${latencyLabel} latency, joined in level order.`,
    marks: [
      Plot.ruleX(withCi, { x: "throughput", y1: "lo", y2: "hi", stroke: "backend", strokeOpacity: 0.6 }),
      Plot.line(points, { x: "throughput", y: "p95", z: "backend", stroke: "backend", sort: "order", strokeWidth: 1.6 }),
      Plot.dot(points, { x: "throughput", y: "p95", fill: "backend", r: 3.5, title: tip }),
      Plot.dot(points.filter((p) => p.saturated), { x: "throughput", y: "p95", stroke: "#d29922", r: 7, strokeWidth: 1.5 }),
      Plot.text(points, { x: "throughput", y: "p95", text: "level", fill: "currentColor", fillOpacity: 0.75, dy: -10, fontSize: 10 }),
    ],
  });
}
