import type { LevelMetrics, RequestRecord } from "../schemas/stats";
import { e2eOf, itlOf, tpotOf, ttftOf } from "./requestMetrics";
import { summarize } from "./summarize";
import { throughput, type ThroughputOptions } from "./throughput";

/** All metrics of one load level from its raw request records (warmup requests must be left out). */
export function levelMetrics(records: ReadonlyArray<RequestRecord>, opts?: ThroughputOptions): LevelMetrics {
  const ok = records.filter((r) => r.ok).length;
  const errorsByKind: Record<string, number> = {};
  for (const r of records) {
    if (!r.ok) errorsByKind[r.errorKind ?? "unknown"] = (errorsByKind[r.errorKind ?? "unknown"] ?? 0) + 1;
  }
  const bootstrap = opts?.bootstrap;
  return {
    requests: {
      total: records.length,
      ok,
      failed: records.length - ok,
      errorRate: records.length > 0 ? (records.length - ok) / records.length : null,
    },
    errorsByKind,
    throughput: throughput(records, opts),
    ttft: summarize(records.map(ttftOf), bootstrap),
    tpot: summarize(records.map(tpotOf), bootstrap),
    itl: summarize(records.flatMap((r) => itlOf(r).valuesMs), bootstrap),
    e2e: summarize(records.map(e2eOf), bootstrap),
  };
}
