/**
 * Colours shared by the browser charts and the HTML report. Both themes keep the same backend hues so a
 * screenshot and a report read alike; axis text uses `currentColor`, set by the page around the chart.
 */

/** Backend A, backend B (then any further series), readable on dark and light backgrounds. */
export const SERIES_COLORS = ["#4c8dff", "#f0883e", "#3fb950", "#bc8cff"] as const;

export const CHART_COLORS = {
  ok: "#3fb950",
  bad: "#f85149",
  warn: "#d29922",
  muted: "#8b93a1",
  queue: "#f85149",
  running: "#3fb950",
  warmup: "#8b93a1",
} as const;

/** Backend name → colour, in the order the run lists its backends. */
export function backendColor(names: ReadonlyArray<string>): { domain: string[]; range: string[] } {
  return { domain: [...names], range: names.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length] as string) };
}

export function colorOf(names: ReadonlyArray<string>, name: string): string {
  const i = names.indexOf(name);
  return SERIES_COLORS[(i < 0 ? 0 : i) % SERIES_COLORS.length] as string;
}

/** Plot style shared by every chart: transparent background, small text in the page's colour. */
export const CHART_STYLE = { background: "transparent", fontSize: "11px", overflow: "visible" } as const;
