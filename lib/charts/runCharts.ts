import type { ChartSpec } from "./chartSpec";
import { ecdfChart } from "./ecdf";
import { itlPositionChart } from "./itlPosition";
import { levelBoxChart } from "./levelBox";
import type { RunData } from "./runRows";
import { throughputLatencyChart } from "./throughputLatency";
import { timelineChart } from "./timeline";

/** Every chart of one run's results page and report, in reading order. */
export function runCharts(run: RunData, opts: { width: number }): ChartSpec[] {
  return [
    ecdfChart(run, opts),
    levelBoxChart(run, opts),
    throughputLatencyChart(run, opts),
    itlPositionChart(run, opts),
    timelineChart(run, opts),
  ];
}
