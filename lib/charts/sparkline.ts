import * as Plot from "@observablehq/plot";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { backendColor } from "./theme";

export interface SparkPoint {
  /** Run order, oldest first. */
  i: number;
  value: number;
  backend: string;
}

/** A word-sized line of one value over runs, a line per backend, the latest value dotted. */
export function sparklineChart(points: ReadonlyArray<SparkPoint>, o: { label: string; backends: string[]; width?: number; height?: number }): ChartSpec {
  if (points.length === 0) return emptyChart("sparkline", o.label, "no finished run yet");
  const last = o.backends.map((b) => points.filter((p) => p.backend === b).at(-1)).filter((p): p is SparkPoint => p !== undefined);
  return chartSpec("sparkline", o.label, {
    width: o.width ?? 120,
    height: o.height ?? 30,
    margin: 3,
    axis: null,
    x: { domain: [0, Math.max(1, ...points.map((p) => p.i))] },
    y: { nice: false, zero: false, inset: 2 },
    color: backendColor(o.backends),
    ariaLabel: o.label,
    ariaDescription: `${o.label} over ${new Set(points.map((p) => p.i)).size} runs`,
    marks: [
      Plot.line(points, { x: "i", y: "value", z: "backend", stroke: "backend", strokeWidth: 1.4 }),
      Plot.dot(last, { x: "i", y: "value", fill: "backend", r: 2, title: (p: SparkPoint) => `${p.backend}: ${p.value.toFixed(1)} (latest)` }),
    ],
  });
}
