import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { chartMarkup, type ChartSpec } from "../../../lib/charts/chartSpec";
import { ecdfChart } from "../../../lib/charts/ecdf";
import { itlPositionChart } from "../../../lib/charts/itlPosition";
import { assignLanes } from "../../../lib/charts/lanes";
import { levelBoxChart } from "../../../lib/charts/levelBox";
import { ecdfPoints } from "../../../lib/charts/quantiles";
import { runCharts } from "../../../lib/charts/runCharts";
import { sparklineChart } from "../../../lib/charts/sparkline";
import { throughputLatencyChart } from "../../../lib/charts/throughputLatency";
import { timelineChart } from "../../../lib/charts/timeline";
import { trendChart } from "../../../lib/charts/trend";
import { trendPoints, type TrendRun } from "../../../lib/charts/trendData";
import { syntheticRun } from "./syntheticRun";

const { document } = parseHTML("<!doctype html><html><body></body></html>");
const run = syntheticRun({ requestsPerLevel: 24, concurrency: [1, 4, 8] });

function svg(spec: ChartSpec): Document {
  const markup = chartMarkup(spec, document);
  if (markup === null) throw new Error(`chart ${spec.key} is empty: ${spec.empty}`);
  return parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document;
}

const titles = (doc: Document) => [...doc.querySelectorAll("title")].map((t) => t.textContent ?? "");

describe("lanes and ECDF points", () => {
  it("puts each interval in the lowest free lane: lanes in use = intervals in flight", () => {
    expect([...assignLanes([0, 1, 2, 5, 6], [4, 3, 10, 7, 8])]).toEqual([0, 1, 2, 0, 1]);
    // the microsecond rounding of stored times is not overlap
    expect([...assignLanes([0, 10.001], [10.002, 20])]).toEqual([0, 0]);
  });

  it("keeps every point of a small sample and reads exact quantiles of a large one", () => {
    expect(ecdfPoints([1, 2, 4])).toEqual([
      { value: 1, fraction: 1 / 3 },
      { value: 2, fraction: 2 / 3 },
      { value: 4, fraction: 1 },
    ]);
    const big = Float64Array.from({ length: 1001 }, (_, i) => i);
    const pts = ecdfPoints(big, 10);
    expect(pts).toHaveLength(11);
    expect(pts[5]).toEqual({ value: 500, fraction: 0.5 });
  });
});

describe("run charts render with data, in the same numbers the tables show", () => {
  it("ECDF: one curve per backend, metric and level; its p95 mark reads the summary's p95", () => {
    const doc = svg(ecdfChart(run, { width: 800 }));
    expect(doc.querySelectorAll('g[aria-label="line"] path').length).toBe(2 * 2 * 3);
    const p95 = run.levels[0]!.backends[0]!.metrics.e2eMs.p95 as number;
    expect(titles(doc)).toContain(`sglang · concurrency 1 · E2E\np95 = ${p95.toFixed(1)} ms`);
  });

  it("box: a box per level and backend whose median is the summary's p50", () => {
    const doc = svg(levelBoxChart(run, { width: 800 }));
    expect(doc.querySelectorAll('g[aria-label="bar"] rect').length).toBe(6);
    const p50 = run.levels[2]!.backends[1]!.metrics.e2eMs.p50 as number;
    expect(titles(doc).some((t) => t.startsWith("sglang-jax · concurrency 8") && t.includes(`p50 ${p50.toFixed(1)}`))).toBe(true);
  });

  it("throughput vs p95: one point per level and backend, joined per backend", () => {
    const doc = svg(throughputLatencyChart(run, { width: 800 }));
    expect(doc.querySelectorAll('g[aria-label="line"] path').length).toBe(2);
    expect(doc.querySelectorAll('g[aria-label="dot"]')[0]?.querySelectorAll("circle").length).toBe(6);
    const l = run.levels[1]!.backends[0]!;
    expect(titles(doc).some((t) => t.startsWith("sglang · concurrency 4") && t.includes(`${l.throughput.outputTokensPerSec!.toFixed(1)} output tokens/s`))).toBe(true);
  });

  it("ITL by position: a median line per backend and level; score runs say why there is none", () => {
    const doc = svg(itlPositionChart(run, { width: 800 }));
    expect(doc.querySelectorAll('g[aria-label="line"] path').length).toBe(6);
    const score = syntheticRun({ kind: "score", requestsPerLevel: 10, concurrency: [1, 2] });
    expect(itlPositionChart(score, { width: 800 }).empty).toMatch(/not streamed/);
  });

  it("timeline: request bars, server running/queue lines, a saturated level shaded and labelled", () => {
    const busy = syntheticRun({ requestsPerLevel: 160, concurrency: [2, 16] });
    const doc = svg(timelineChart(busy, { width: 800 }));
    expect(doc.querySelectorAll('g[aria-label="line"]').length).toBe(3);
    const saturated = busy.levels.flatMap((l) => l.backends.filter((b) => b.saturation.status === "saturated").map((b) => `${b.name} · ${l.label} · saturated`));
    expect(saturated.length).toBeGreaterThan(0);
    const texts = [...doc.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    for (const s of saturated) expect(texts.some((t) => t?.startsWith(s))).toBe(true);
    expect(doc.querySelectorAll('g[aria-label="rect"] rect').length).toBe(saturated.length);
  });

  it("timeline of one level aligns both backends at the level's start, one panel each", () => {
    const spec = timelineChart(run, { width: 800, level: 8 });
    expect(spec.options?.x).toMatchObject({ label: "time since the level started (s)" });
    expect(spec.options?.fy).toMatchObject({ domain: ["sglang", "sglang-jax"] });
  });

  it("all five charts of a run render", () => {
    const specs = runCharts(run, { width: 700 });
    expect(specs.map((s) => s.key)).toEqual(["ecdf", "levelBox", "throughputLatency", "itlPosition", "timeline"]);
    for (const s of specs) expect(chartMarkup(s, document)).toMatch(/^<svg/);
  });

  it("a run with no successful request explains each empty chart instead of drawing nothing", () => {
    const failed = { ...run, levels: [], series: run.series.map((s) => ({ ...s, data: { ...s.data, ok: s.data.ok.map(() => false) } })) };
    expect(ecdfChart(failed, { width: 500 }).empty).toMatch(/No request succeeded/);
    expect(throughputLatencyChart(failed, { width: 500 }).empty).toMatch(/No level has both/);
  });
});

describe("imported results chart like native runs", () => {
  it("an imported bench_serving file draws its ECDF, and says why it has no timeline", async () => {
    const fs = await import("node:fs");
    const { parseImport } = await import("../../../lib/imports/parse");
    const { importToRun } = await import("../../../lib/imports/toRun");
    const parsed = parseImport(fs.readFileSync(new URL("../../fixtures/imports/sglang_bench_serving.jsonl", import.meta.url), "utf8"));
    if (!parsed.ok) throw new Error(parsed.message);
    const r = importToRun(parsed.value, { id: "i", benchmarkId: null, name: "imported", spec: run.spec, backend: run.spec.backends[0]!, requestHash: run.spec.requestHash, importedAt: "2026-11-25T00:00:00Z" });
    if (!r.ok) throw new Error(r.message);
    expect(ecdfChart(r.run, { width: 600 }).options).toBeDefined();
    expect(throughputLatencyChart(r.run, { width: 600 }).options).toBeDefined();
    expect(timelineChart(r.run, { width: 600 }).empty).toMatch(/no send times/);
  });
});

describe("trend and sparkline", () => {
  const history: TrendRun[] = [1, 2, 3].map((seed, i) => {
    const r = syntheticRun({ seed, requestsPerLevel: 16, concurrency: [4], slowdown: i === 2 ? 1.6 : 1.1 });
    return { id: `r${i + 1}`, label: `#${i + 1}`, at: `2026-11-2${i}T00:00:00Z`, status: "done", tags: [], source: "studio", levels: r.levels };
  });
  const opts = { level: 4, latency: "e2e" as const, unit: "outputTokens" as const, baselineId: "r1", thresholds: { p95IncreasePct: 15, throughputDropPct: 10 } };

  it("computes % change against the baseline run and flags points beyond the gate thresholds", () => {
    const pts = trendPoints(history, opts);
    const base = pts.filter((p) => p.runId === "r1");
    expect(base.every((p) => p.changePct === 0 && p.baseline)).toBe(true);
    const slowB = pts.find((p) => p.runId === "r3" && p.backend === "sglang-jax" && p.metric === "p95");
    expect(slowB?.changePct).toBeGreaterThan(15);
    expect(slowB?.failing).toBe(true);
    const ref = history[0]!.levels[0]!.backends[1]!.metrics.e2eMs.p95 as number;
    expect(slowB?.changePct).toBeCloseTo(((slowB!.value - ref) / ref) * 100, 9);
  });

  it("draws both thresholds as dashed rules and rings the failing points", () => {
    const doc = svg(trendChart(history, { ...opts, width: 700, backends: ["sglang", "sglang-jax"], levelLabel: "concurrency 4" }));
    const texts = [...doc.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(["gate +15%", "gate −10%"]));
    expect(doc.querySelectorAll('g[aria-label="rule"]')[1]?.querySelectorAll("line").length).toBe(2);
  });

  it("sparkline: a line per backend with the latest value as hover text", () => {
    const doc = svg(sparklineChart([{ i: 0, value: 10, backend: "a" }, { i: 1, value: 12.5, backend: "a" }], { label: "p95", backends: ["a"] }));
    expect(titles(doc)).toEqual(["a: 12.5 (latest)"]);
    expect(sparklineChart([], { label: "p95", backends: ["a"] }).empty).toBe("no finished run yet");
  });
});
