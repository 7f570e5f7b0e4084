import { describe, expect, it } from "vitest";
import type { TimePoint } from "../../../lib/schemas/stats";
import { detectSaturation, trendOf } from "../../../lib/stats/saturation";
import { reference } from "./reference";

const series = (values: number[], stepMs = 250): TimePoint[] => values.map((value, i) => ({ tMs: i * stepMs, value }));

describe("Mann–Kendall trend against the numpy reference", () => {
  for (const [name, c] of Object.entries(reference.trends)) {
    it(name, () => {
      const t = trendOf(
        c.values.map((value, i) => ({ tMs: c.tMs[i]!, value })),
        1.645,
      );
      expect(t.z).toBeCloseTo(c.z, 10);
      expect(t.slopePerS).toBeCloseTo(c.slopePerS, 8);
      expect(t.increasing).toBe(c.z > 1.645 && c.slopePerS > 0);
    });
  }
});

describe("saturation detector", () => {
  const ramp = Array.from({ length: 40 }, (_, i) => i);

  it("flags a level whose queue and TTFT both keep growing in its second half", () => {
    const s = detectSaturation({ queue: series(ramp.map((i) => Math.floor(i / 2))), ttft: series(ramp.map((i) => 50 + 10 * i + (i % 3))) });
    expect(s.status).toBe("saturated");
    expect(s.reason).toContain("Queue length keeps growing");
  });

  it("does not flag a queue that grew during ramp-up and then stayed flat", () => {
    const queue = series(ramp.map((i) => (i < 20 ? i : 20 + (i % 2))));
    const ttft = series(ramp.map((i) => (i < 20 ? 50 + i * 5 : 150 + (i % 3))));
    const s = detectSaturation({ queue, ttft });
    expect(s.status).toBe("stable");
    expect(s.queue.increasing).toBe(false);
  });

  it("needs both: growing TTFT with a flat queue is not saturation", () => {
    const s = detectSaturation({ queue: series(ramp.map(() => 3)), ttft: series(ramp.map((i) => 50 + i)) });
    expect(s.status).toBe("stable");
    expect(s.ttft.increasing).toBe(true);
    expect(s.queue.z).toBe(0);
  });

  it("judges a 10 s level sampled every second (the default telemetry interval)", () => {
    const secs = Array.from({ length: 11 }, (_, i) => i);
    const growing = detectSaturation({ queue: series(secs.map((i) => 2 * i), 1000), ttft: series(secs.map((i) => 100 + 40 * i), 1000) });
    expect(growing.status).toBe("saturated");
    expect(growing.queue.n).toBe(6); // t = 5…10 s
    const flat = detectSaturation({ queue: series(secs.map((i) => 4 + (i % 2)), 1000), ttft: series(secs.map((i) => 100 + (i % 3)), 1000) });
    expect(flat.status).toBe("stable");
  });

  it("says when there are too few points", () => {
    const s = detectSaturation({ queue: series([1, 2, 3, 4, 5]), ttft: series([1, 2, 3, 4, 5]) });
    expect(s.status).toBe("insufficient-data");
    expect(detectSaturation({ queue: [], ttft: [] }).status).toBe("insufficient-data");
  });
});
