import { describe, expect, it } from "vitest";
import { backendLevel } from "../../../lib/stats/backendLevel";
import { concatTrials, seriesLength, seriesToRecords } from "../../../lib/stats/seriesRecords";
import { NUMPY, TRIAL0, TRIAL1 } from "./fixtures";

const level = (slo = {}) =>
  backendLevel({ name: "a", trials: [{ series: TRIAL0, queue: [] }, { series: TRIAL1, queue: [] }], warmup: 2, slo, saturationLatency: "ttft", open: false, seed: 1 });

describe("one backend at one level, against numpy", () => {
  it("latency summaries pool the trials (successful requests only; TTFT never inside ITL)", () => {
    const b = level();
    const pairs = [
      [b.metrics.ttftMs, NUMPY.ttft],
      [b.metrics.e2eMs, NUMPY.e2e],
      [b.metrics.itlMs, NUMPY.itl],
      [b.metrics.tpotMs, NUMPY.tpot],
    ] as const;
    for (const [got, want] of pairs) {
      expect(got.n).toBe(want.n);
      for (const k of ["mean", "std", "p50", "p90", "p95", "p99"] as const) expect(got[k]).toBeCloseTo(want[k], 10);
      expect(got.ci95.p50?.[0]).toBeLessThanOrEqual(got.p50 as number);
      expect(got.ci95.p50?.[1]).toBeGreaterThanOrEqual(got.p50 as number);
    }
  });

  it("counts, throughput over the trials' summed duration, cache hit rate", () => {
    const b = level();
    expect(b.counts).toEqual({ total: 7, ok: 6, errors: 1, errorRate: 1 / 7, byKind: { "stream-cut": 1 }, warmup: 2 });
    expect(b.throughput.durationMs).toBe(NUMPY.durationMs);
    expect(b.throughput.requestsPerSec).toBeCloseTo(NUMPY.requestsPerSec, 10);
    expect(b.throughput.outputTokensPerSec).toBeCloseTo(NUMPY.outputTokensPerSec, 10);
    expect(b.throughput.itemsPerSec).toBe(0);
    expect(b.cacheHitRate).toBeCloseTo(NUMPY.cacheHitRate, 12);
    expect(b.trials).toBe(2);
    expect(b.goodput).toBeNull();
    expect(b.sendLagMs).toBeNull();
    expect(b.saturation.status).toBe("insufficient-data");
  });

  it("goodput counts requests meeting every SLO over the level's duration", () => {
    // TTFTs of the successes: 20 22 25 30 21 24 → 4 meet ≤ 24 ms; the failed one never does.
    const b = level({ ttftMs: 24 });
    expect(b.goodput).toEqual({ n: 7, met: 4, fraction: 4 / 7, perS: (4 / 130) * 1000 });
  });

  it("series round-trip to request records, and trials are laid end to end", () => {
    const records = seriesToRecords(TRIAL1);
    expect(records).toHaveLength(seriesLength(TRIAL1));
    expect(records[1]).toMatchObject({ ok: false, errorKind: "stream-cut", e2eMs: null, chunkTimesMs: [23, 30] });
    const pooled = concatTrials([seriesToRecords(TRIAL0), records]);
    expect(pooled.map((r) => r.startOffsetMs)).toEqual([0, 5, 10, 15, 71, 75, 80]);
    expect(TRIAL1.errors).toEqual([{ kind: "stream-cut", message: "cut", count: 1 }]);
  });
});
