import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RequestRecord } from "../../../lib/schemas/stats";

/** Values computed by numpy (test/fixtures/stats/generate.py), committed as JSON. */
export type DescriptiveCase = {
  values: number[];
  percentiles: Record<string, number>;
  mean: number;
  std: number;
  std_ddof1: number | null;
  min: number;
  max: number;
};

type SummaryRef = { n: number; mean: number; std: number; min: number; max: number; p50: number; p90: number; p95: number; p99: number };

export type NumpyReference = {
  numpy: string;
  descriptive: Record<string, DescriptiveCase>;
  records: RequestRecord[];
  metrics: {
    ttft: SummaryRef;
    tpot: SummaryRef;
    itl: SummaryRef;
    e2e: SummaryRef;
    durationMs: number;
    requestsPerS: number;
    itemsPerS: number;
    outputTokensPerS: number;
    concurrency: number;
    errorRate: number;
    goodput: { slo: { ttftMs: number; tpotMs: number; e2eMs: number }; met: number; perS: number };
  };
  trends: Record<string, { values: number[]; tMs: number[]; s: number; z: number; slopePerS: number }>;
  xoshiro128ss: Record<string, number[]>;
};

const path = fileURLToPath(new URL("../../fixtures/stats/numpy-reference.json", import.meta.url));
export const reference = JSON.parse(readFileSync(path, "utf8")) as NumpyReference;

/** |actual − expected| within a relative tolerance (with an absolute floor for values near 0). */
export function close(actual: number | null, expected: number, rel = 1e-12, abs = 1e-12): boolean {
  return actual !== null && Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}
