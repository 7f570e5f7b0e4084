import * as Plot from "@observablehq/plot";
import type { TelemetrySeries } from "../schemas/benchmarkRun";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { assignLanes } from "./lanes";
import { labelOfLevel } from "./levels";
import { backendNames, requestRows, type RequestRow, type RunData } from "./runRows";
import { CHART_COLORS, colorOf } from "./theme";

type Vertex = { t: number; lane: number; backend: string; kind: string };

const ERROR = "failed request";
const WARMUP = "warmup request";
const RUNNING = "server: running";
const QUEUE = "server: queued";

/**
 * Request bars as one path per (backend, kind): a NaN vertex between bars breaks the line, so 10,000
 * requests cost one SVG element, not 10,000. Bars in one lane closer than `mergeGap` (under half a pixel)
 * would draw as one anyway, so they are joined: a closed loop's back-to-back requests become one stroke.
 */
function bars(rows: RequestRow[], backend: string, mergeGap: number): Vertex[] {
  rows.sort((a, b) => a.sendMs - b.sendMs);
  const ends = rows.map((r) => Math.max(r.sendMs + (r.e2eMs ?? r.ttftMs ?? 0), r.sendMs + 1)); // a failure with no time still shows as a sliver
  const lanes = assignLanes(
    rows.map((r) => r.sendMs),
    ends,
  );
  const open = new Map<number, { start: number; end: number; kind: string }>();
  const out: Vertex[] = [];
  const flush = (lane: number, s: { start: number; end: number; kind: string }) =>
    out.push({ t: s.start / 1000, lane, backend, kind: s.kind }, { t: s.end / 1000, lane, backend, kind: s.kind }, { t: Number.NaN, lane: Number.NaN, backend, kind: s.kind });
  rows.forEach((r, i) => {
    const kind = r.warmup ? WARMUP : r.ok ? backend : ERROR;
    const lane = lanes[i] as number;
    const cur = open.get(lane);
    if (cur && cur.kind === kind && r.sendMs - cur.end <= mergeGap) {
      cur.end = Math.max(cur.end, ends[i] as number);
      return;
    }
    if (cur) flush(lane, cur);
    open.set(lane, { start: r.sendMs, end: ends[i] as number, kind });
  });
  for (const [lane, s] of open) flush(lane, s);
  return out;
}

interface Span {
  backend: string;
  level: string;
  start: number;
  end: number;
  saturated: boolean;
}

function levelSpans(run: RunData, rows: RequestRow[]): Span[] {
  const spans = new Map<string, Span>();
  for (const r of rows) {
    if (r.warmup) continue;
    const key = `${r.backend}\u0000${r.level}`;
    const end = (r.sendMs + (r.e2eMs ?? 0)) / 1000;
    const s = spans.get(key);
    if (s) {
      s.start = Math.min(s.start, r.sendMs / 1000);
      s.end = Math.max(s.end, end);
    } else {
      const saturated = run.levels.find((l) => l.level === r.level)?.backends.find((b) => b.name === r.backend)?.saturation.status === "saturated";
      spans.set(key, { backend: r.backend, level: labelOfLevel(run, r.level), start: r.sendMs / 1000, end, saturated });
    }
  }
  return [...spans.values()];
}

function telemetryPoints(telemetry: ReadonlyArray<TelemetrySeries>, which: "running" | "queue"): { t: number; value: number; backend: string; kind: string }[] {
  const out: { t: number; value: number; backend: string; kind: string }[] = [];
  for (const series of telemetry) {
    for (const s of series.samples) {
      if (s.level === null) continue; // between levels, or while the other backend runs
      const v = s[which];
      out.push({ t: s.tMs / 1000, value: v ?? Number.NaN, backend: series.backend, kind: which === "running" ? RUNNING : QUEUE });
    }
  }
  return out;
}

/**
 * Per-request timeline on the run's clock: requests as bars stacked in lanes (so the height is the
 * client's requests in flight), the server's running and queued requests from telemetry on the same
 * axis, levels labelled at their start, and saturated levels shaded. One panel per backend.
 */
export function timelineChart(run: RunData, opts: { width: number; warmup?: boolean; level?: number | null }): ChartSpec {
  const focus = opts.level ?? null;
  const title = focus === null ? "Request timeline with server telemetry" : `Request timeline at ${labelOfLevel(run, focus)}`;
  const names = backendNames(run);
  // Zoomed on one level, each backend's clock starts at its own level start, so the two line up.
  const origin = new Map<string, number>();
  if (focus !== null) {
    for (const s of run.series) if (s.level === focus && !s.warmup) origin.set(s.backend, Math.min(origin.get(s.backend) ?? Number.POSITIVE_INFINITY, s.startMs));
  }
  const shift = (backend: string) => origin.get(backend) ?? 0;
  const rows = requestRows(run.series, { warmup: focus === null && (opts.warmup ?? true) })
    .filter((r) => focus === null || r.level === focus)
    .map((r) => (focus === null ? r : { ...r, sendMs: r.sendMs - shift(r.backend) }));
  if (rows.length === 0) return emptyChart("timeline", title, focus === null ? "No request was sent." : "No request was sent at this level.");
  if (!hasSendTimes(rows)) return emptyChart("timeline", title, "This run has no send times (an imported result file records none), so its requests cannot be laid out in time.");
  const present = names.filter((n) => rows.some((r) => r.backend === n));
  let last = 0;
  for (const r of rows) last = Math.max(last, r.sendMs + (r.e2eMs ?? 0));
  const mergeGap = last / Math.max(1, opts.width) / 2;
  const vertices = present.flatMap((b) => bars(rows.filter((r) => r.backend === b), b, mergeGap));
  const spans = levelSpans(run, rows);
  const telemetry = (run.telemetry ?? [])
    .filter((t) => present.includes(t.backend))
    .map((t) => ({ ...t, samples: t.samples.filter((x) => focus === null || x.level === focus).map((x) => ({ ...x, tMs: x.tMs - shift(t.backend) })) }));
  const running = telemetryPoints(telemetry, "running");
  const queue = telemetryPoints(telemetry, "queue");
  // One backend after the other: one panel along the run's clock. At the same time, or zoomed on a level: a panel each.
  const facet = (focus !== null || run.spec.schedule === "concurrent") && present.length > 1;
  const fy = facet ? ("backend" as const) : undefined;
  const kinds = [...present, ERROR, WARMUP, RUNNING, QUEUE];
  const range = [...present.map((n) => colorOf(names, n)), CHART_COLORS.bad, CHART_COLORS.warmup, CHART_COLORS.running, CHART_COLORS.queue];
  const spanTip = (s: Span) => `${s.backend} · ${s.level}${s.saturated ? " · saturated" : ""}\n${s.start.toFixed(2)}–${s.end.toFixed(2)} s`;
  const lanesUsed = vertices.reduce((m, v) => (Number.isFinite(v.lane) ? Math.max(m, v.lane + 1) : m), 1);
  const top = [...running, ...queue].reduce((m, p) => (Number.isFinite(p.value) ? Math.max(m, p.value) : m), lanesUsed);
  return chartSpec("timeline", title, {
    width: opts.width,
    height: 40 + 190 * (facet ? present.length : 1),
    marginLeft: 52,
    marginRight: 96,
    x: { label: focus === null ? "time since the run started (s)" : "time since the level started (s)", grid: true },
    // Requests are whole: integer ticks only.
    y: { label: "requests", grid: true, nice: true, zero: true, ...(top <= 10 ? { ticks: Array.from({ length: Math.ceil(top) + 1 }, (_, i) => i) } : {}), tickFormat: "d" },
    fy: facet ? { domain: present, label: null } : undefined,
    color: { domain: kinds, range, legend: false },
    ariaLabel: title,
    ariaDescription: `${rows.length} requests over ${spans.length} backend-level spans; ${spans.filter((s) => s.saturated).length} saturated. Lanes: client requests in flight; lines: the server's running and queued requests.`,
    marks: [
      Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.rectX(spans.filter((s) => s.saturated), { x1: "start", x2: "end", fy, fill: CHART_COLORS.warn, fillOpacity: 0.14, title: spanTip }),
      Plot.ruleX(spans, { x: "start", fy, stroke: "currentColor", strokeOpacity: 0.35, strokeDasharray: "2,3" }),
      // Labels staggered over three rows so short levels side by side stay readable.
      ...[0, 1, 2].map((row) =>
        Plot.text(
          spans.filter((_, i) => i % 3 === row),
          { x: "start", fy, frameAnchor: "top", textAnchor: "start", dx: 3, dy: 2 + 12 * row, fontSize: 10, fill: "currentColor", text: (s: Span) => `${facet ? "" : `${s.backend} · `}${s.level}${s.saturated ? " · saturated" : ""}`, title: spanTip },
        ),
      ),
      Plot.line(vertices, { x: "t", y: "lane", z: "kind", stroke: "kind", fy, strokeWidth: lanesUsed > 48 ? 1 : lanesUsed > 16 ? 2 : 3, strokeOpacity: 0.75 }),
      Plot.line(running, { x: "t", y: "value", z: "backend", stroke: "kind", fy, strokeWidth: 1.5, curve: "step-after" }),
      Plot.line(queue, { x: "t", y: "value", z: "backend", stroke: "kind", fy, strokeWidth: 1.5, strokeDasharray: "4,2", curve: "step-after" }),
    ],
  });
}

/** Imported results carry per-request latencies but every send offset is 0: no timeline can be drawn. */
export function hasSendTimes(rows: ReadonlyArray<RequestRow>): boolean {
  const measured = rows.filter((r) => !r.warmup);
  return measured.length < 2 || measured.some((r) => r.sendMs !== measured[0]?.sendMs);
}

/** The timeline's colour key: what each stroke means (the page draws it beside the chart). */
export const TIMELINE_KEY = { error: ERROR, warmup: WARMUP, running: RUNNING, queue: QUEUE } as const;
