import * as Plot from "@observablehq/plot";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { labelOfLevel, levelOrder } from "./levels";
import { quantilesOf, sortedNumbers } from "./quantiles";
import { backendNames, groupKey, latencyGroups, type RunData } from "./runRows";
import { backendColor } from "./theme";

interface BoxStats {
  backend: string;
  level: string;
  n: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

const fmt = (v: number) => v.toFixed(1);

function tip(b: BoxStats): string {
  return `${b.backend} · ${b.level} · n ${b.n}\np5 ${fmt(b.p5)} · p25 ${fmt(b.p25)} · p50 ${fmt(b.p50)} · p75 ${fmt(b.p75)} · p95 ${fmt(b.p95)} · p99 ${fmt(b.p99)} ms`;
}

/**
 * Latency per level and backend as a box (p25–p75, median), whiskers p5–p95 and a p99 dot. The
 * quantiles are computed once per group, so the chart costs the same for 100 or 100,000 requests.
 */
export function levelBoxChart(run: RunData, opts: { width: number; metric?: "e2e" | "ttft" }): ChartSpec {
  const metric = opts.metric ?? run.spec.gates.latency;
  const label = metric === "ttft" ? "TTFT" : "E2E";
  const title = `${label} latency by level`;
  const names = backendNames(run);
  const groups = latencyGroups(run.series, metric);
  const boxes: BoxStats[] = [];
  const levels = levelOrder(run);
  for (const level of levels) {
    for (const backend of names) {
      const values = groups.get(groupKey(backend, level));
      if (!values || values.length === 0) continue;
      const [p5, p25, p50, p75, p95, p99] = quantilesOf(sortedNumbers(values), [5, 25, 50, 75, 95, 99]) as number[];
      boxes.push({ backend, level: labelOfLevel(run, level), n: values.length, p5: p5!, p25: p25!, p50: p50!, p75: p75!, p95: p95!, p99: p99! });
    }
  }
  if (boxes.length === 0) return emptyChart("levelBox", title, `No request succeeded with a ${label} measurement.`);
  const columns = levels.map((l) => labelOfLevel(run, l)).filter((l) => boxes.some((b) => b.level === l));
  const common = { x: "backend", fx: "level" } as const;
  return chartSpec("levelBox", title, {
    width: opts.width,
    height: 300,
    marginLeft: 52,
    x: { domain: names, label: null, axis: null, padding: 0.3 },
    y: { label: `${label} (ms)`, grid: true, nice: true, zero: true },
    fx: { domain: columns, label: null, padding: 0.08 },
    color: backendColor(names),
    ariaLabel: title,
    ariaDescription: `Box plots of ${label} latency per load level and backend: box p25–p75, line p50, whiskers p5–p95, dot p99.`,
    marks: [
      Plot.ruleX(boxes, { ...common, y1: "p5", y2: "p95", stroke: "backend" }),
      Plot.barY(boxes, { ...common, y1: "p25", y2: "p75", fill: "backend", fillOpacity: 0.3, stroke: "backend", title: tip }),
      Plot.tickY(boxes, { ...common, y: "p50", stroke: "backend", strokeWidth: 2.5 }),
      Plot.dot(boxes, { ...common, y: "p99", stroke: "backend", r: 3, title: (b: BoxStats) => `${b.backend} · ${b.level}: p99 ${fmt(b.p99)} ms` }),
    ],
  });
}
