import { describe, expect, it } from "vitest";
import { estimateDuration } from "../../../lib/report/estimate";

const base = { warmup: 1, trials: 1, schedule: "sequential" as const, backends: 2, requestsPerLevel: 20 };

describe("how long a benchmark will take", () => {
  it("closed loop: between perfect scaling and none, per backend one after the other, warmup included", () => {
    const e = estimateDuration({ ...base, load: { kind: "closed", concurrency: [1, 4] }, latencyMs: 100 });
    // per backend: level 1 → 20 × 100 ms; level 4 → 500 ms (perfect) … 2000 ms (none); + 1 warmup of 100 ms
    expect(e.requests).toBe(2 * 2 * 20 + 2);
    expect(e.lowMs).toBeCloseTo(2 * (2000 + 500) + 200, 9);
    expect(e.highMs).toBeCloseTo(2 * (2000 + 2000) + 200, 9);
    expect(e.text).toMatch(/^5 s to 8 s for 82 requests \(at 100\.0 ms per request/);
  });

  it("backends at the same time halve it", () => {
    const seq = estimateDuration({ ...base, load: { kind: "closed", concurrency: [2] }, latencyMs: 50 });
    const both = estimateDuration({ ...base, schedule: "concurrent", load: { kind: "closed", concurrency: [2] }, latencyMs: 50 });
    expect(both.lowMs! * 2).toBeCloseTo(seq.lowMs!, 9);
  });

  it("open loop: requests ÷ rate plus one latency to drain, unless the server cannot keep up", () => {
    const e = estimateDuration({ ...base, backends: 1, warmup: 0, load: { kind: "open", rates: [10], arrival: "poisson", burstiness: 1 }, latencyMs: 20 });
    expect(e.lowMs).toBeCloseTo(2000 + 20, 9);
    expect(e.highMs).toBeCloseTo(2020, 9);
  });

  it("an open loop warms up at its first rate, as the runner sends it", () => {
    const e = estimateDuration({ ...base, backends: 1, warmup: 10, load: { kind: "open", rates: [2, 10], arrival: "poisson", burstiness: 1 }, latencyMs: 20 });
    // warmup: 10 requests at 2 req/s = 5 s (+ one latency to drain); levels: 20 ÷ 2 s and 20 ÷ 10 s (+ drains)
    expect(e.lowMs).toBeCloseTo(5000 + 20 + (10_000 + 20) + (2000 + 20), 9);
  });

  it("timed levels take their time; an unknown latency says how to get one", () => {
    const timed = estimateDuration({ ...base, requestsPerLevel: undefined, secondsPerLevel: 30, warmup: 0, load: { kind: "closed", concurrency: [1, 2, 3] }, latencyMs: null });
    expect(timed.lowMs).toBe(3 * 2 * 30_000);
    expect(timed.text).toMatch(/^about 3 min 00 s/);
    const unknown = estimateDuration({ ...base, load: { kind: "closed", concurrency: [1] }, latencyMs: null });
    expect(unknown.text).toBe("42 requests; run the cell once to estimate the time");
  });

  it("item sweeps scale the cell's latency by items per request", () => {
    const e = estimateDuration({ ...base, backends: 1, warmup: 0, load: { kind: "items", items: [10], concurrency: 1 }, latencyMs: 40, cellItems: 2 });
    expect(e.lowMs).toBeCloseTo(20 * 200, 9);
  });
});
