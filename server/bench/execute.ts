import type { BenchmarkSpec } from "../../lib/schemas/benchmark";
import type { BenchProgress, RunResult } from "../../lib/schemas/benchmarkRun";
import { newId } from "../ids";
import type { StudioVersion } from "../version";
import { buildRunResult } from "./runFile";
import { runBenchmark, type RunBackend, type StorageBudget } from "./runner";
import { summarizeRun } from "./summary";

export interface InMemoryRun {
  spec: BenchmarkSpec;
  backends: RunBackend[];
  signal: AbortSignal;
  version: StudioVersion;
  baseline: RunResult | null;
  attachDir: string | null;
  publish?: (p: BenchProgress) => void;
  storage?: StorageBudget;
}

/** A whole run without a database (the command line): measure, summarise, return the run file. */
export async function runInMemory(o: InMemoryRun): Promise<RunResult> {
  const id = newId(9);
  const startedAt = new Date().toISOString();
  const outcome = await runBenchmark({
    runId: id,
    spec: o.spec,
    backends: o.backends,
    signal: o.signal,
    publish: o.publish ?? (() => {}),
    version: o.version,
    attachDir: o.attachDir,
    ...(o.storage ? { storage: o.storage } : {}),
    sink: { fingerprint: async () => {}, series: async () => {}, telemetry: async () => {}, parity: async () => {}, profiles: async () => {}, notes: async () => {} },
  });
  const summary = summarizeRun({
    spec: o.spec,
    status: outcome.status,
    series: outcome.series,
    telemetry: outcome.telemetry,
    parity: outcome.parity,
    baseline: o.baseline,
    profiles: outcome.profiles,
    runStartEpochMs: outcome.runStartEpochMs,
    runNotes: outcome.notes,
  });
  return buildRunResult({
    id,
    benchmarkId: null,
    name: o.spec.name,
    status: outcome.status,
    reason: outcome.reason,
    startedAt,
    finishedAt: new Date().toISOString(),
    spec: o.spec,
    fingerprint: outcome.fingerprint,
    summary,
    telemetry: outcome.telemetry,
    series: outcome.series,
  });
}
