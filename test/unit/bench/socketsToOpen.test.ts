import { describe, expect, it } from "vitest";
import { socketsToOpen } from "../../../server/bench/levelRequests";
import type { LoadMode } from "../../../server/bench/loadLevel";

const open = (rate: number, maxConcurrency?: number): LoadMode => ({ kind: "open", rate, arrival: "poisson", burstiness: 1, seed: 1, ...(maxConcurrency !== undefined ? { maxConcurrency } : {}) });

describe("socketsToOpen", () => {
  it("a closed loop opens its concurrency", () => {
    expect(socketsToOpen({ kind: "closed", concurrency: 64 }, null)).toBe(64);
    expect(socketsToOpen({ kind: "closed", concurrency: 64 }, 500)).toBe(64);
  });

  it("an open loop opens rate × warmup latency (Little's law) with 50% headroom, plus one", () => {
    // 20 req/s × 0.5 s = 10 in flight → 15 + 1
    expect(socketsToOpen(open(20), 500)).toBe(16);
    expect(socketsToOpen(open(1), 10)).toBe(2);
  });

  it("never past the open loop's cap: a cap is a limit, not the width it will use", () => {
    expect(socketsToOpen(open(1000, 256), 1000)).toBe(256);
    expect(socketsToOpen(open(2, 2048), 100)).toBe(2);
  });

  it("an uncapped open loop stays within the benchmark's concurrency limit", () => {
    expect(socketsToOpen(open(100_000), 10_000)).toBe(4096);
  });

  it("no warmup latency: an open loop opens nothing ahead and connects as it goes", () => {
    expect(socketsToOpen(open(50, 64), null)).toBe(0);
    expect(socketsToOpen(open(50), 0)).toBe(0);
  });
});
