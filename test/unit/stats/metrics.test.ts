import { describe, expect, it } from "vitest";
import { RequestRecord } from "../../../lib/schemas/stats";
import { goodput, meetsSlo } from "../../../lib/stats/goodput";
import { levelMetrics } from "../../../lib/stats/level";
import { itlOf, tpotOf, ttftOf } from "../../../lib/stats/requestMetrics";
import { levelSpan, throughput, windowRates } from "../../../lib/stats/throughput";
import { close, reference } from "./reference";

const records = reference.records.map((r) => RequestRecord.parse(r));
const expected = reference.metrics;

function record(over: Partial<RequestRecord>): RequestRecord {
  return {
    startOffsetMs: 0,
    ttftMs: 10,
    e2eMs: 40,
    chunkTimesMs: [10, 20, 30, 40],
    chunkTokens: [1, 1, 1, 1],
    outputTokens: 4,
    items: 0,
    ok: true,
    errorKind: null,
    ...over,
  };
}

describe("metric derivations against numpy on 240 recorded requests", () => {
  const m = levelMetrics(records, { bootstrap: { seed: 1, B: 200 } });

  for (const key of ["ttft", "tpot", "itl", "e2e"] as const) {
    it(`${key}: n, mean, std, min, max, p50/p90/p95/p99`, () => {
      const got = m[key];
      const want = expected[key];
      expect(got.n).toBe(want.n);
      for (const stat of ["mean", "std", "min", "max", "p50", "p90", "p95", "p99"] as const) {
        expect(close(got[stat], want[stat], 1e-11), `${key}.${stat}: ${got[stat]} vs ${want[stat]}`).toBe(true);
      }
    });
  }

  it("throughput over first send → last completion, concurrency, error rate", () => {
    const t = m.throughput;
    expect(close(t.durationMs, expected.durationMs)).toBe(true);
    expect(close(t.requests.perS, expected.requestsPerS)).toBe(true);
    expect(close(t.items.perS, expected.itemsPerS)).toBe(true);
    expect(close(t.outputTokens.perS, expected.outputTokensPerS)).toBe(true);
    expect(close(t.concurrency, expected.concurrency)).toBe(true);
    expect(close(m.requests.errorRate, expected.errorRate)).toBe(true);
    expect(m.errorsByKind).toEqual({ timeout: m.requests.failed });
    for (const rate of [t.requests, t.items, t.outputTokens]) {
      expect(rate.ci95![0]).toBeLessThanOrEqual(rate.perS!);
      expect(rate.ci95![1]).toBeGreaterThanOrEqual(rate.perS!);
    }
  });

  it("goodput counts requests meeting every SLO", () => {
    const g = goodput(records, expected.goodput.slo, m.throughput.durationMs);
    expect(g.met).toBe(expected.goodput.met);
    expect(close(g.perS, expected.goodput.perS)).toBe(true);
    expect(g.n).toBe(records.length);
  });
});

describe("per-request definitions", () => {
  it("ITL never contains TTFT and divides each gap by the chunk's tokens, one sample per token", () => {
    const r = record({ ttftMs: 100, chunkTimesMs: [100, 110, 130, 131], chunkTokens: [1, 2, 0, 4], e2eMs: 160 });
    // gaps between token chunks: 100→110 (2 tokens), 110→131 (4 tokens; the empty chunk is skipped);
    // each value once per token, as bench_serving's itl.extend([gap / k] * k)
    expect(itlOf(r)).toEqual({ valuesMs: [5, 5, 21 / 4, 21 / 4, 21 / 4, 21 / 4], positions: [1, 2, 3, 4, 5, 6] });
    // so the mean ITL over a request is (last chunk − first chunk) ÷ tokens after the first chunk
    const values = itlOf(r).valuesMs;
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo((131 - 100) / 6, 12);
  });

  it("TPOT uses the server's token count and is undefined for ≤ 1 token", () => {
    expect(tpotOf(record({ ttftMs: 10, e2eMs: 40, outputTokens: 4 }))).toBe(10);
    expect(tpotOf(record({ outputTokens: 1 }))).toBeNull();
    expect(tpotOf(record({ outputTokens: null }))).toBeNull();
  });

  it("failed requests give no latency samples", () => {
    const failed = record({ ok: false, errorKind: "http" });
    expect(ttftOf(failed)).toBeNull();
    expect(tpotOf(failed)).toBeNull();
    expect(itlOf(failed).valuesMs).toEqual([]);
  });

  it("SLO: a missing measurement fails its SLO; undefined TPOT (1 token) meets it", () => {
    expect(meetsSlo(record({ ttftMs: null }), { ttftMs: 100 })).toBe(false);
    expect(meetsSlo(record({ outputTokens: 1 }), { tpotMs: 1 })).toBe(true);
    expect(meetsSlo(record({ outputTokens: null }), { tpotMs: 1000 })).toBe(false);
    expect(meetsSlo(record({ ok: false }), {})).toBe(false);
    expect(meetsSlo(record({}), {})).toBe(true);
  });
});

describe("level edge cases", () => {
  it("no records: nulls with n = 0, never zeros", () => {
    const m = levelMetrics([]);
    expect(m.requests).toEqual({ total: 0, ok: 0, failed: 0, errorRate: null });
    expect(m.throughput.durationMs).toBeNull();
    expect(m.throughput.requests).toEqual({ perS: null, total: 0, ci95: null });
    expect(m.throughput.concurrency).toBeNull();
    expect(m.ttft.n).toBe(0);
    expect(m.ttft.p50).toBeNull();
    expect(goodput([], {}, null)).toEqual({ n: 0, met: 0, fraction: null, perS: null });
  });

  it("all failed: error rate 1, no latency samples, throughput 0 over the time spent", () => {
    const m = levelMetrics([record({ ok: false, errorKind: "timeout", e2eMs: 500 })]);
    expect(m.requests.errorRate).toBe(1);
    expect(m.e2e.n).toBe(0);
    expect(m.throughput.requests.perS).toBe(0);
  });

  it("server token count missing is reported, not counted as 0 silently", () => {
    const t = throughput([record({ outputTokens: null }), record({ startOffsetMs: 10 })]);
    expect(t.outputTokensMissing).toBe(1);
    expect(t.outputTokens.total).toBe(4);
  });

  it("window rates average to the point estimate", () => {
    const rs = [0, 5, 9, 20, 21, 40].map((s) => record({ startOffsetMs: s }));
    const span = levelSpan(rs)!;
    const rates = windowRates(
      rs.map((r) => ({ tMs: r.startOffsetMs + r.e2eMs!, weight: 1 })),
      span,
      4,
    );
    const meanRate = rates.reduce((s, x) => s + x, 0) / rates.length;
    expect(meanRate).toBeCloseTo((6 / span.durationMs) * 1000, 10);
  });
});
