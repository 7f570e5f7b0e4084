import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AbDifference, Interval, RequestRecord } from "../../../lib/schemas/stats";
import { bootstrapIntervals, meanStat, percentileStat } from "../../../lib/stats/bootstrap";
import { compareStatistic } from "../../../lib/stats/compare";
import { sortedCopy } from "../../../lib/stats/numbers";
import { summarize } from "../../../lib/stats/summarize";
import { completionEvents, levelSpan, throughput, windowCountFor, windowRates } from "../../../lib/stats/throughput";
import { close } from "./reference";

/** Bootstrap intervals computed by plain Python (test/fixtures/stats/bootstrap_reference.py), committed as JSON. */
type StatName = "p50" | "p95" | "p99" | "mean";
type IntervalCase = { values: number[]; seed: number; B: number; level: number; point: Record<StatName, number>; ci: Record<StatName, [number, number]> };
type CompareCase = { a: number[]; b: number[]; stat: StatName; seed: number; B: number; level: number; expected: AbDifference };
type RateRef = { perS: number; total: number; windows: number; ci95: [number, number] };
type ThroughputCase = { records: RequestRecord[]; seed: number; B: number; durationMs: number; requests: RateRef; outputTokens: RateRef };
type BootstrapReference = {
  intervals: Record<string, IntervalCase>;
  compare: Record<string, CompareCase>;
  throughput: Record<string, ThroughputCase>;
};

const path = fileURLToPath(new URL("../../fixtures/stats/bootstrap-reference.json", import.meta.url));
const ref = JSON.parse(readFileSync(path, "utf8")) as BootstrapReference;

const STATS = { p50: percentileStat(50), p95: percentileStat(95), p99: percentileStat(99), mean: meanStat };
const NAMES = ["p50", "p95", "p99", "mean"] as const;

/** Both ends within 1e-12 (relative): Python sums resample means exactly (fsum), the TS left to right. */
function expectInterval(got: Interval, expected: [number, number], what: string): void {
  expect(got, what).not.toBeNull();
  for (const k of [0, 1] as const) expect(close(got![k], expected[k]), `${what}[${k}]: ${got![k]} vs ${expected[k]}`).toBe(true);
}

describe("seeded bootstrap intervals against an independent Python implementation", () => {
  for (const [name, c] of Object.entries(ref.intervals)) {
    it(`${name}: p50/p95/p99/mean intervals (shared resamples)`, () => {
      const opts = { seed: c.seed, B: c.B, level: c.level };
      const cis = bootstrapIntervals(sortedCopy(c.values), NAMES.map((s) => STATS[s]), opts);
      NAMES.forEach((s, i) => expectInterval(cis[i]!, c.ci[s], s));
      // The mean alone draws the same resamples; summarize bootstraps p50/p95/p99 from them too.
      expectInterval(bootstrapIntervals(sortedCopy(c.values), [meanStat], opts)[0]!, c.ci.mean, "mean alone");
      const s = summarize(c.values, { seed: c.seed, B: c.B });
      for (const k of ["p50", "p95", "p99"] as const) {
        expect(s[k]).toBe(c.point[k]);
        expectInterval(s.ci95[k], c.ci[k], `summarize ${k}`);
      }
    });
  }
});

describe("A/B difference intervals against an independent Python implementation", () => {
  for (const [name, c] of Object.entries(ref.compare)) {
    it(name, () => {
      const got = compareStatistic(c.a, c.b, STATS[c.stat], { seed: c.seed, B: c.B, level: c.level });
      const e = c.expected;
      expect({ nA: got.nA, nB: got.nB, significant: got.significant }).toEqual({ nA: e.nA, nB: e.nB, significant: e.significant });
      for (const k of ["a", "b", "diff", "relativePct"] as const) expect(close(got[k], e[k]!), `${k}: ${got[k]} vs ${e[k]}`).toBe(true);
      expectInterval(got.ci95, e.ci95 as [number, number], "ci95");
    });
  }
});

describe("throughput window-bootstrap intervals against an independent Python implementation", () => {
  for (const [name, c] of Object.entries(ref.throughput)) {
    it(`${name}: rates, window count and intervals`, () => {
      const t = throughput(c.records, { bootstrap: { seed: c.seed, B: c.B } });
      expect(t.durationMs).toBe(c.durationMs);
      for (const k of ["requests", "outputTokens"] as const) {
        expect(t[k].total).toBe(c[k].total);
        expect(close(t[k].perS, c[k].perS), `${k} perS`).toBe(true);
        expectInterval(t[k].ci95, c[k].ci95, `${k} ci95`);
      }
      const events = completionEvents(c.records, () => 1);
      expect(windowCountFor(events.length)).toBe(c.requests.windows);
      // An explicit `windows` overrides the rule and gives the same interval when it agrees with it.
      const rates = windowRates(events, levelSpan(c.records)!, c.requests.windows);
      const [ci] = bootstrapIntervals(sortedCopy(rates), [meanStat], { seed: c.seed, B: c.B });
      expect(throughput(c.records, { windows: c.requests.windows, bootstrap: { seed: c.seed, B: c.B } }).requests.ci95).toEqual(ci);
    });
  }

  it("window count: one per 5 completions, clamped to [10, 50]", () => {
    expect([0, 1, 49, 50, 54, 55, 100, 249, 250, 251, 10_000].map(windowCountFor)).toEqual([10, 10, 10, 10, 10, 11, 20, 49, 50, 50, 50]);
  });
});
