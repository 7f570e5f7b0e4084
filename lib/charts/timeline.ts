import * as Plot from "@observablehq/plot";
import type { ProfileRecord, RunResult, TelemetrySeries } from "../schemas/benchmarkRun";
import { chartSpec, emptyChart, type ChartSpec } from "./chartSpec";
import { assignLanes } from "./lanes";
import { labelOfLevel } from "./levels";
import { backendNames, requestRows, type RequestRow, type RunData } from "./runRows";
import { CHART_COLORS, colorOf } from "./theme";
import { profileSpansSaid, profileTitle, profileWhere } from "../report/profiles";

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


/** The timeline's run: the per-request charts' data, plus the profiles whose spans lie under the requests (absent in older runs). */
export type TimelineRun = RunData & Partial<Pick<RunResult, "profiles">>;

/** Appended to the chart's definition when a profile shows. */
export const PROFILE_SPANS_DEFINITION =
  "Bands under the requests: profiler spans from the backend's own trace (POST /start_profile … /stop_profile around the level; the trace the server wrote, read back when it is readable from the studio's host), one band per backend and trace track (process · thread), on the run's clock. Spans closer than half a pixel are drawn joined (hover for how many); the grey window is the time the profiler was on. A profile whose trace stayed on the backend's host shows its window only.";

/** Tracks drawn per backend; the rest are joined into one band. */
const MAX_TRACKS = 6;
const OTHER_TRACKS = "other tracks";

interface ProfileBand {
  backend: string;
  track: string;
  row: number;
  y1: number;
  y2: number;
}

interface SpanBar {
  backend: string;
  track: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  tip: string;
}

interface ProfileWindow {
  backend: string;
  x1: number;
  x2: number;
  tip: string;
}

/** The profiles in view, on the chart's clock (ms), with their spans grouped into at most MAX_TRACKS + 1 tracks per backend. */
function profilesInView(profiles: ReadonlyArray<ProfileRecord>, present: ReadonlyArray<string>, focus: number | null) {
  const inView = profiles.filter((p) => present.includes(p.backend) && (focus === null || p.level === focus));
  const tracks = new Map<string, string[]>();
  for (const b of present) {
    const counts = new Map<string, number>();
    for (const p of inView) if (p.backend === b) for (const s of p.spans ?? []) counts.set(s.track, (counts.get(s.track) ?? 0) + 1);
    if (!inView.some((p) => p.backend === b)) continue;
    const ranked = [...counts].sort((x, y) => y[1] - x[1]).map(([t]) => t);
    const kept = ranked.slice(0, MAX_TRACKS);
    tracks.set(b, ranked.length > MAX_TRACKS ? [...kept, OTHER_TRACKS] : kept.length > 0 ? kept : ["profile window (no spans read)"]);
  }
  const trackOf = (backend: string, track: string) => {
    const list = tracks.get(backend) ?? [];
    return list.includes(track) ? track : OTHER_TRACKS;
  };
  return { inView, tracks, trackOf };
}

/** Spans of one band joined where closer than `gap` (ms), each at least `minWidth` wide. */
function joinSpans(spans: { name: string; startMs: number; durMs: number }[], gap: number, minWidth: number): { start: number; end: number; n: number; busy: number; names: Map<string, number> }[] {
  spans.sort((a, b) => a.startMs - b.startMs);
  const out: { start: number; end: number; n: number; busy: number; names: Map<string, number> }[] = [];
  for (const s of spans) {
    const end = s.startMs + s.durMs;
    const cur = out.at(-1);
    if (cur && s.startMs - cur.end <= gap) {
      cur.end = Math.max(cur.end, end, s.startMs + minWidth);
      cur.n++;
      cur.busy += s.durMs;
      cur.names.set(s.name, (cur.names.get(s.name) ?? 0) + 1);
    } else out.push({ start: s.startMs, end: Math.max(end, s.startMs + minWidth), n: 1, busy: s.durMs, names: new Map([[s.name, 1]]) });
  }
  return out;
}

/** A span's busy time for its tip: short spans keep their microseconds (format's fmtMs stops at 0.01 ms). */
function spanMs(ms: number): string {
  return `${ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3)} ms`;
}

/** Integer ticks from 0 to at least `top`, about six of them, at 1, 2 or 5 × 10^k. */
export function countTicks(top: number): number[] {
  if (top <= 10) return Array.from({ length: Math.ceil(top) + 1 }, (_, i) => i);
  const raw = top / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = 0; t < top + step; t += step) out.push(t);
  return out;
}

/**
 * Per-request timeline on the run's clock: requests as bars stacked in lanes (so the height is the
 * client's requests in flight), the server's running and queued requests from telemetry on the same
 * axis, levels labelled at their start, and saturated levels shaded. One panel per backend. Profiled
 * levels add bands under the requests: the backend's own trace spans, one band per backend and track.
 */
export function timelineChart(run: TimelineRun, opts: { width: number; warmup?: boolean; level?: number | null }): ChartSpec {
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
  const prof = profilesInView(run.profiles ?? [], present, focus);
  for (const p of prof.inView) last = Math.max(last, (p.stoppedAtMs ?? p.startedAtMs) - shift(p.backend));
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
  // Profile bands below y = 0, in request units: a row per (backend, track), its own rows per panel when faceted.
  const rowH = Math.max(0.75, top * 0.1);
  const offset = rowH * 0.4;
  const bands: ProfileBand[] = [];
  let row = 0;
  for (const [backend, list] of prof.tracks) {
    if (facet) row = 0;
    for (const track of list) {
      const y2 = -(offset + row * rowH) - rowH * 0.1;
      bands.push({ backend, track, row, y1: y2 - rowH * 0.8, y2 });
      row++;
    }
  }
  const rowsPerPanel = bands.reduce((m, b) => Math.max(m, b.row + 1), 0);
  const bottom = rowsPerPanel > 0 ? -(offset + rowsPerPanel * rowH) : 0;
  const byBand = new Map<string, { name: string; startMs: number; durMs: number }[]>();
  for (const p of prof.inView) {
    for (const s of p.spans ?? []) {
      const key = `${p.backend}\u0000${prof.trackOf(p.backend, s.track)}`;
      let list = byBand.get(key);
      if (!list) byBand.set(key, (list = []));
      list.push({ name: s.name, startMs: s.startMs - shift(p.backend), durMs: s.durMs });
    }
  }
  const spanBars: SpanBar[] = [];
  for (const band of bands) {
    for (const j of joinSpans(byBand.get(`${band.backend}\u0000${band.track}`) ?? [], mergeGap, 2 * mergeGap)) {
      const names = [...j.names].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, k]) => (j.n > 1 ? `${n} ×${k}` : n)).join(", ");
      const tip = j.n === 1 ? `${band.backend} · ${band.track}\n${names}: ${spanMs(j.busy)} at ${(j.start / 1000).toFixed(3)} s` : `${band.backend} · ${band.track}\n${j.n} spans (${names}${j.names.size > 3 ? ", …" : ""}): ${spanMs(j.busy)} busy, ${(j.start / 1000).toFixed(3)}–${(j.end / 1000).toFixed(3)} s`;
      spanBars.push({ backend: band.backend, track: band.track, x1: j.start / 1000, x2: j.end / 1000, y1: band.y1, y2: band.y2, tip });
    }
  }
  const windows: ProfileWindow[] = prof.inView.map((p) => {
    const attached = p.files.flatMap((f) => (f.attachedPath ? [f.attachedPath] : []));
    return {
      backend: p.backend,
      x1: (p.startedAtMs - shift(p.backend)) / 1000,
      x2: ((p.stoppedAtMs ?? p.startedAtMs) - shift(p.backend)) / 1000,
      tip: `profile of ${profileTitle(run, p)}: ${profileSpansSaid(p)}\ntrace written ${profileWhere(p)}${attached.length > 0 ? `\nattached: ${attached.join(", ")}` : ""}`,
    };
  });
  const withProfiles = bands.length > 0;
  const ticks = countTicks(top);
  const profileMarks = withProfiles
    ? [
        Plot.rectX(windows, { x1: "x1", x2: "x2", y1: bottom, y2: -offset * 0.5, fy, fill: CHART_COLORS.muted, fillOpacity: 0.12, title: "tip", ariaDescription: "profile window" }),
        Plot.rectX(spanBars, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fy, fill: "backend", fillOpacity: 0.7, title: "tip", ariaDescription: "profile span" }),
        Plot.text(bands, {
          y: (b: ProfileBand) => (b.y1 + b.y2) / 2,
          fy,
          frameAnchor: "left",
          textAnchor: "start",
          dx: 3,
          fontSize: 9,
          fill: "currentColor",
          text: (b: ProfileBand) => `${facet ? "" : `${b.backend} · `}${b.track.length > 48 ? `${b.track.slice(0, 47)}…` : b.track}`,
          ariaDescription: "profile track",
        }),
        Plot.ruleY([0], { stroke: "currentColor", strokeOpacity: 0.3 }),
      ]
    : [];
  const spec = chartSpec("timeline", title, {
    width: opts.width,
    height: 40 + (190 + 16 * rowsPerPanel) * (facet ? present.length : 1),
    marginLeft: 52,
    marginRight: 96,
    x: { label: focus === null ? "time since the run started (s)" : "time since the level started (s)", grid: true },
    // Requests are whole: integer ticks only.
    y: withProfiles
      ? { label: "requests", grid: true, domain: [bottom, Math.max(top, ticks.at(-1) ?? top)], ticks, tickFormat: "d" }
      : { label: "requests", grid: true, nice: true, zero: true, ...(top <= 10 ? { ticks } : {}), tickFormat: "d" },
    fy: facet ? { domain: present, label: null } : undefined,
    color: { domain: kinds, range, legend: false },
    ariaLabel: title,
    ariaDescription: `${rows.length} requests over ${spans.length} backend-level spans; ${spans.filter((s) => s.saturated).length} saturated. Lanes: client requests in flight; lines: the server's running and queued requests.${withProfiles ? ` Below: ${prof.inView.length} profiles, ${prof.inView.reduce((n, p) => n + (p.spans?.length ?? 0), 0)} profiler spans in ${bands.length} bands.` : ""}`,
    marks: [
      ...profileMarks,
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
  return withProfiles ? { ...spec, definition: `${spec.definition} ${PROFILE_SPANS_DEFINITION}` } : spec;
}

/** Imported results carry per-request latencies but every send offset is 0: no timeline can be drawn. */
export function hasSendTimes(rows: ReadonlyArray<RequestRow>): boolean {
  const measured = rows.filter((r) => !r.warmup);
  return measured.length < 2 || measured.some((r) => r.sendMs !== measured[0]?.sendMs);
}

/** The timeline's colour key: what each stroke means (the page draws it beside the chart). */
export const TIMELINE_KEY = { error: ERROR, warmup: WARMUP, running: RUNNING, queue: QUEUE } as const;
