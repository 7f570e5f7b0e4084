import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { chartMarkup, type ChartSpec } from "../../../lib/charts/chartSpec";
import { runCharts } from "../../../lib/charts/runCharts";
import { countTicks, PROFILE_SPANS_DEFINITION, timelineChart } from "../../../lib/charts/timeline";
import { runHtml } from "../../../lib/report/html";
import type { ProfileRecord, RunResult } from "../../../lib/schemas/benchmarkRun";
import { syntheticRun } from "./syntheticRun";

const { document } = parseHTML("<!doctype html><html><body></body></html>");

function svg(spec: ChartSpec): Document {
  const markup = chartMarkup(spec, document);
  if (markup === null) throw new Error(`chart ${spec.key} is empty: ${spec.empty}`);
  return parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
}

const marks = (doc: Document, label: string) => [...doc.querySelectorAll(`g[aria-description="${label}"] rect, g[aria-description="${label}"] text`)];
const titlesIn = (doc: Document, label: string) => [...doc.querySelectorAll(`g[aria-description="${label}"] title`)].map((t) => t.textContent ?? "");

/** A profile over one level of a backend, with back-to-back decode steps on one track and a few spans on another. */
function withProfile(run: RunResult, backend: string, level: number, opts: { spans?: boolean; tracks?: number } = {}): RunResult {
  const s = run.series.find((x) => x.backend === backend && x.level === level && !x.warmup)!;
  const start = s.startMs;
  const end = start + Math.max(...s.data.startOffsetMs) + 50;
  const spans: NonNullable<ProfileRecord["spans"]> = [];
  for (let t = start; t < end; t += 5) spans.push({ name: t === start ? "prefill" : "decode", startMs: t, durMs: 4, track: "reference engine scheduler · scheduler steps" });
  for (let i = 1; i < (opts.tracks ?? 2); i++) spans.push({ name: `gpu kernel ${i}`, startMs: start + 10 * i, durMs: 1, track: `gpu · stream ${i}` });
  const profile: ProfileRecord = {
    backend,
    level,
    trial: 0,
    startedAtMs: start - 2,
    startedAtEpochMs: 1_760_000_000_000 + start,
    stoppedAtMs: end + 2,
    outputDir: "/tmp/studio-profile-x",
    files: [{ path: "/tmp/studio-profile-x/1.2-TP-0.trace.json.gz", bytes: 1234, attachedPath: "/data/runs/r1/a-level4-trial0-1.2-TP-0.trace.json.gz", note: "12 spans" }],
    note: "POST /start_profile: Start profiling.; POST /stop_profile: Stop profiling.",
    where: "on this host, under /tmp/studio-profile-x",
    ...(opts.spans === false ? {} : { spans, spansDropped: 3 }),
  };
  return { ...run, profiles: [...run.profiles, profile] };
}

describe("timeline with profiles", () => {
  const base = syntheticRun({ requestsPerLevel: 40, concurrency: [1, 4] });

  it("draws no profile marks and keeps its definition when the run has no profiles", () => {
    const spec = timelineChart(base, { width: 800 });
    const doc = svg(spec);
    expect(marks(doc, "profile span")).toHaveLength(0);
    expect(spec.definition).not.toContain(PROFILE_SPANS_DEFINITION);
  });

  it("lays a band per track under the requests, joined where closer than half a pixel, with the profile's definition", () => {
    const run = withProfile(base, "sglang", 4);
    const spec = timelineChart(run, { width: 800 });
    expect(spec.definition).toContain("profiler spans from the backend's own trace");
    const doc = svg(spec);
    const bars = marks(doc, "profile span");
    // back-to-back 4 ms steps every 5 ms join into a few bars, far fewer than the spans
    const steps = run.profiles[0]!.spans!.filter((s) => s.track.startsWith("reference")).length;
    expect(bars.length).toBeGreaterThan(1);
    expect(bars.length).toBeLessThan(steps / 4);
    const tips = titlesIn(doc, "profile span");
    expect(tips.some((t) => t.startsWith("sglang · reference engine scheduler · scheduler steps\n") && /spans \(decode ×\d+, prefill ×1\)/.test(t))).toBe(true);
    expect(tips.some((t) => t === `sglang · gpu · stream 1\ngpu kernel 1: 1.0 ms at ${((run.profiles[0]!.spans!.find((s) => s.track === "gpu · stream 1")!.startMs) / 1000).toFixed(3)} s`)).toBe(true);
    const labels = marks(doc, "profile track").map((t) => t.textContent);
    expect(labels).toEqual(["sglang · reference engine scheduler · scheduler steps", "sglang · gpu · stream 1"]);
    const window = titlesIn(doc, "profile window");
    expect(window).toHaveLength(1);
    expect(window[0]).toMatch(/^profile of sglang · concurrency 4: \d+ spans on the timeline, 3 more dropped \(only the longest are kept\)\ntrace written on this host, under \/tmp\/studio-profile-x\nattached: \/data\/runs/);
    // bands lie below y = 0; the request axis keeps non-negative integer ticks
    const y = spec.options?.y as { domain: number[]; ticks: number[] };
    expect(y.domain[0]).toBeLessThan(0);
    expect(y.ticks.every((t) => t >= 0 && Number.isInteger(t))).toBe(true);
    // every span bar sits inside the chart's x range: the level's time
    const x = (r: Element) => Number(r.getAttribute("x"));
    expect(bars.every((r) => x(r) >= 0 && x(r) <= 800)).toBe(true);
  });

  it("shows a profile without spans (trace on the backend's host) as its window and a band saying so", () => {
    const run = withProfile(base, "sglang-jax", 1, { spans: false });
    const doc = svg(timelineChart(run, { width: 800 }));
    expect(marks(doc, "profile span")).toHaveLength(0);
    expect(marks(doc, "profile track").map((t) => t.textContent)).toEqual(["sglang-jax · profile window (no spans read)"]);
    expect(titlesIn(doc, "profile window")[0]).toMatch(/^profile of sglang-jax · concurrency 1: no spans read/);
  });

  it("joins tracks past six into one band, and zoomed on a level shows only its profiles, one panel per backend", () => {
    const run = withProfile(withProfile(base, "sglang", 4, { tracks: 9 }), "sglang-jax", 1);
    const labels = marks(svg(timelineChart(run, { width: 800 })), "profile track").map((t) => t.textContent);
    expect(labels.filter((l) => l?.startsWith("sglang · "))).toHaveLength(7);
    expect(labels).toContain("sglang · other tracks");
    const zoomed = timelineChart(run, { width: 800, level: 4 });
    expect(zoomed.options?.fy).toMatchObject({ domain: ["sglang", "sglang-jax"] });
    const doc = svg(zoomed);
    expect(titlesIn(doc, "profile window")).toHaveLength(1);
    expect(marks(doc, "profile track").map((t) => t.textContent)).toContain("other tracks");
    // zoomed, the level starts at 0: the profile starts 2 ms before it
    expect(titlesIn(doc, "profile span").some((t) => / at 0\.0\d\d s| 0\.0\d\d–/.test(t))).toBe(true);
  });

  it("renders in the run's chart set (the report draws the same spec)", () => {
    const run = withProfile(base, "sglang", 4);
    const timeline = runCharts(run, { width: 700 }).find((c) => c.key === "timeline")!;
    expect(marks(svg(timeline), "profile span").length).toBeGreaterThan(0);
  });

  it("the HTML report draws the spans and lists where each trace was written and attached", () => {
    const html = runHtml(withProfile(base, "sglang", 4), { document, generatedAt: "t" });
    const doc = parseHTML(html).document;
    expect(doc.querySelectorAll('#chart-timeline g[aria-description="profile span"] rect').length).toBeGreaterThan(0);
    const section = doc.querySelector("#profiles")?.nextElementSibling?.textContent ?? "";
    expect(section).toContain("sglang · concurrency 4");
    expect(section).toContain("trace written on this host, under /tmp/studio-profile-x");
    expect(section).toContain("attached as /data/runs/r1/a-level4-trial0-1.2-TP-0.trace.json.gz");
    expect(section).toContain("3 more dropped");
  });

  it("count ticks: integers from 0, about six of them", () => {
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(64)).toEqual([0, 20, 40, 60, 80]);
    expect(countTicks(11)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });
});
