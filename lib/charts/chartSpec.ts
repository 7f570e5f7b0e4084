import * as Plot from "@observablehq/plot";
import { CHART_DEFINITIONS, type ChartKey } from "./definitions";
import { CHART_STYLE } from "./theme";

/**
 * A chart as data: its Plot options (built by one file per chart from stock marks), or why there is
 * nothing to draw. The same spec renders in the browser (window.document) and on the server or in a
 * report (a linkedom document), so the two can never drift apart.
 */
export type ChartSpec =
  | { key: ChartKey; title: string; definition: string; options: Plot.PlotOptions; empty?: undefined }
  | { key: ChartKey; title: string; definition: string; options?: undefined; empty: string };

export function chartSpec(key: ChartKey, title: string, options: Plot.PlotOptions): ChartSpec {
  return { key, title, definition: CHART_DEFINITIONS[key], options: { ...options, style: { ...CHART_STYLE, ...(options.style as object | undefined) } } };
}

export function emptyChart(key: ChartKey, title: string, why: string): ChartSpec {
  return { key, title, definition: CHART_DEFINITIONS[key], empty: why };
}

/** Draws a chart in `document` (a page's, or linkedom's on the server). */
export function renderChart(spec: ChartSpec & { options: Plot.PlotOptions }, document: Document): SVGSVGElement | HTMLElement {
  return Plot.plot({ ...spec.options, document });
}

/** The chart as standalone SVG markup (for reports), or null when the spec has nothing to draw. */
export function chartMarkup(spec: ChartSpec, document: Document): string | null {
  if (!spec.options) return null;
  return renderChart(spec as ChartSpec & { options: Plot.PlotOptions }, document).outerHTML;
}
