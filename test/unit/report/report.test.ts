import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { RunResult } from "../../../lib/schemas/benchmarkRun";
import { compareToBaseline } from "../../../lib/report/baseline";
import { runHtml } from "../../../lib/report/html";
import { runMarkdown, tableMarkdown } from "../../../lib/report/markdown";
import { throughputTable } from "../../../lib/report/tables";
import { runVerdict } from "../../../lib/report/verdict";
import { syntheticRun, syntheticSpec } from "../charts/syntheticRun";

const { document } = parseHTML("<!doctype html><html><body></body></html>");
const base = syntheticRun({ seed: 1, requestsPerLevel: 30, concurrency: [1, 4] });
const slower = syntheticRun({ seed: 2, requestsPerLevel: 30, concurrency: [1, 4], slowdown: 1.6 });

describe("comparison against a baseline run", () => {
  it("refuses a baseline of a different request, saying the request hashes differ", () => {
    const other = { ...base, requestHash: syntheticSpec({ outputTokens: 8 }).requestHash };
    const c = compareToBaseline(slower, other);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(/^requestHash differs: the baseline "synthetic" measured a different request \(sha256:[0-9a-f]{12}… vs sha256:[0-9a-f]{12}…\); comparisons need the same input — run the baseline from the same benchmark or cell$/);
  });

  it("a 60% slower B fails p95 and throughput against its baseline namesake, with significant differences", () => {
    const c = compareToBaseline(slower, base);
    if (!c.ok) throw new Error(c.reason);
    const b = c.levels[0]!.backends.find((x) => x.name === "sglang-jax")!;
    expect(b.against).toBe("sglang-jax");
    expect(b.latencyP95.relativePct).toBeGreaterThan(15);
    expect(b.latencyP95.significant).toBe(true);
    expect(b.latencyP95.ci95![0]).toBeGreaterThan(0);
    const failed = c.gates.filter((g) => !g.pass && g.backend === "sglang-jax").map((g) => g.name);
    expect(failed).toEqual(expect.arrayContaining(["p95", "throughput"]));
    expect(c.pass).toBe(false);
    expect(c.gates.every((g) => g.against.startsWith("baseline "))).toBe(true);
    // the gate reads the same p95s the tables show
    const p95Gate = c.gates.find((g) => g.name === "p95" && g.backend === "sglang-jax" && g.level === 1)!;
    const pb = slower.levels[0]!.backends[1]!.metrics.e2eMs.p95!;
    const pa = base.levels[0]!.backends[1]!.metrics.e2eMs.p95!;
    expect(p95Gate.value).toBeCloseTo(((pb - pa) / pa) * 100, 9);
  });

  it("parity is gated once per level even when the baseline lacks one of this run's backends", () => {
    // the baseline measured only the first backend: the second is not gated on speed, but its answers are
    const onlyA = { ...base, levels: base.levels.map((l) => ({ ...l, backends: l.backends.slice(0, 1) })), series: base.series.filter((x) => x.backend === "sglang") };
    const judged = { ...slower, spec: { ...slower.spec, gates: { ...slower.spec.gates, parity: { name: "sglang-ci" as const, promptTolerance: 0.05, outputTolerance: 0.05 } } } };
    const c = compareToBaseline(judged, onlyA);
    if (!c.ok) throw new Error(c.reason);
    const parity = c.gates.filter((g) => g.name === "parity");
    expect(parity.map((g) => g.level)).toEqual(slower.levels.map((l) => l.level));
    expect(parity.every((g) => g.backend === "sglang-jax" && g.against === "sglang")).toBe(true);
    expect(c.gates.filter((g) => g.name !== "parity").every((g) => g.backend === "sglang")).toBe(true);
    expect(c.notes).toEqual(expect.arrayContaining([expect.stringMatching(/the baseline has no backend "sglang-jax"; not compared/)]));
    // a baseline with none of this run's backends: parity gates alone (passing ones) are not a pass
    const agree = { rule: "sglang-ci" as const, params: {}, status: "pass" as const, reason: "all within 0.05", checked: 10, missing: 0, parts: [], worst: null };
    const other = { ...onlyA, levels: onlyA.levels.map((l) => ({ ...l, backends: l.backends.map((b) => ({ ...b, name: "elsewhere" })) })) };
    const renamed = { ...judged, levels: judged.levels.map((l) => ({ ...l, backends: l.backends.map((b) => ({ ...b, name: `${b.name}-x` })), parity: agree })) };
    const none = compareToBaseline(renamed, { ...other, levels: other.levels.map((l) => ({ ...l, backends: l.backends.slice(0, 1) })) });
    if (!none.ok) throw new Error(none.reason);
    expect(none.gates.every((g) => g.name === "parity" && g.pass)).toBe(true);
    expect(none.pass).toBe(false);
    expect(none.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^no level and backend of this run has a counterpart in the baseline/)]));
    // and its verdict says so: neither PASS (the parity gates held) nor NO GATES (there is a baseline)
    expect(runVerdict(renamed, none)).toMatchObject({ label: "NOT COMPARED", tone: "warn", pass: false });
    // a run gated against a baseline as it ran (bench run --baseline) carries those gates: the CLI's verdict is the same
    const asRan = { ...renamed, gates: none.gates, baseline: { id: other.id, name: other.name, requestHash: other.requestHash, finishedAt: null } };
    expect(runVerdict(asRan)).toMatchObject({ label: "NOT COMPARED", pass: false });
  });

  it("the same measurements against themselves: zero differences, none significant, every gate passes", () => {
    const c = compareToBaseline(base, { ...base, id: "copy" });
    if (!c.ok) throw new Error(c.reason);
    for (const b of c.levels.flatMap((l) => l.backends)) {
      for (const d of [b.latencyP50, b.latencyP95, b.throughput]) {
        expect(d.diff).toBe(0);
        expect(d.significant).toBe(false);
      }
    }
    expect(c.gates.every((g) => g.pass)).toBe(true);
    expect(c.pass).toBe(true);
  });

  it("without per-request data the differences are point values with no interval and never significant", () => {
    const c = compareToBaseline({ ...slower, series: [] }, base);
    if (!c.ok) throw new Error(c.reason);
    const d = c.levels[0]!.backends[0]!.latencyP95;
    expect(d.ci95).toBeNull();
    expect(d.significant).toBe(false);
    expect(d.diff).toBeCloseTo(slower.levels[0]!.backends[0]!.metrics.e2eMs.p95! - base.levels[0]!.backends[0]!.metrics.e2eMs.p95!, 9);
    expect(c.notes.join(" ")).toMatch(/no per-request data/);
  });
});

describe("verdict", () => {
  it("a cancelled run says why it stopped, and is never a pass", () => {
    const v = runVerdict({ ...base, status: "cancelled", reason: "cancelled by the user after 12 requests" });
    expect(v).toMatchObject({ label: "CANCELLED", tone: "bad", pass: false, reasons: ["cancelled by the user after 12 requests"] });
  });

  it("with a baseline, the baseline's gates decide; the reasons name level, backend and gate", () => {
    const v = runVerdict(slower, compareToBaseline(slower, base));
    expect(v.label).toBe("FAIL");
    expect(v.against).toBe("baseline");
    expect(v.reasons.some((r) => /^concurrency \d+ · sglang-jax vs baseline sglang-jax · p95: p95 latency/.test(r))).toBe(true);
  });
});

describe("markdown summary", () => {
  it("has the verdict, setup, every table and the definitions; missing values are shown as —, never 0", () => {
    const md = runMarkdown(slower, { comparison: compareToBaseline(slower, base) });
    expect(md).toMatch(/^# Benchmark “synthetic” — FAIL/);
    for (const h of ["## Setup", "### Gates", "### Latency (ms)", "### Requests and throughput", "### A/B difference (B − A)", "### Against the baseline run synthetic-1", "## Definitions"]) expect(md).toContain(h);
    expect(md).toContain("TPOT (time per output token) = (E2E − TTFT) ÷ (output tokens − 1)");
    const noGoodput = tableMarkdown(throughputTable(slower));
    expect(noGoodput.split("\n")[4]).toMatch(/\| — \|/); // no SLO → goodput missing
  });
});

describe("self-contained HTML report", () => {
  const evil = { ...slower, name: "</script><script>alert(1)</script>" };
  const html = runHtml(evil, { document, comparison: compareToBaseline(slower, base), generatedAt: "2026-11-25T00:00:00Z" });
  const page = parseHTML(html).document;

  it("references no external asset and runs no script", () => {
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(|\bsrc=|href="(?!#)/i);
    const scripts = [...page.querySelectorAll("script")];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.getAttribute("type")).toBe("application/json");
    expect(html).not.toContain("<script>alert(1)");
  });

  it("embeds the whole run as JSON that parses back to the same run", () => {
    const data = JSON.parse(page.getElementById("run-data")?.textContent ?? "null") as { run: unknown; comparison: { ok: boolean } };
    const back = RunResult.parse(data.run);
    expect(back.name).toBe(evil.name);
    expect(back.series.reduce((n, s) => n + s.data.ok.length, 0)).toBe(slower.series.reduce((n, s) => n + s.data.ok.length, 0));
    expect(data.comparison.ok).toBe(true);
  });

  it("draws every chart as inline SVG with its definition as hover text, and the verdict red", () => {
    const figures = [...page.querySelectorAll("figure.chart")];
    expect(figures.map((f) => f.id)).toEqual(["chart-ecdf", "chart-levelBox", "chart-throughputLatency", "chart-itlPosition", "chart-timeline"]);
    for (const f of figures) {
      expect(f.querySelector("svg")).not.toBeNull();
      expect(f.querySelector("figcaption")?.getAttribute("title")?.length).toBeGreaterThan(40);
    }
    expect(page.getElementById("verdict")?.className).toBe("verdict bad");
    const th = [...page.querySelectorAll("#table-latency td")].find((td) => td.textContent === "TTFT");
    expect(th?.getAttribute("title")).toMatch(/^TTFT \(time to first token\) = send → first byte/);
  });
});
