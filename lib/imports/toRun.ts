import { BenchmarkSpec, describeSpecError, levelLabel, type BenchBackend, type LoadProfile } from "../schemas/benchmark";
import { BENCHMARK_RUN_FORMAT, type LevelResult, type RunResult, type RunSeries } from "../schemas/benchmarkRun";
import { SOURCE_LABEL, type ParsedImport } from "./types";

/**
 * An imported result as a run of a benchmark's history: charted, tabled and compared like a native run.
 * It carries the benchmark's settings with the load the tool actually used, the one backend it measured,
 * and a request hash chosen by the caller: the benchmark's own when the user says the tool sent the same
 * request, else a hash of the tool's workload (so it is never silently compared with a different input).
 */
export interface ImportTarget {
  id: string;
  benchmarkId: string | null;
  name: string;
  /** The benchmark it is filed under. */
  spec: BenchmarkSpec;
  /** The backend the tool measured (one of the benchmark's, or a new name). */
  backend: BenchBackend;
  requestHash: string;
  importedAt: string;
}

export function workloadText(p: ParsedImport): string {
  return Object.entries(p.workload)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

export function importToRun(p: ParsedImport, t: ImportTarget): { ok: true; run: RunResult } | { ok: false; message: string } {
  const levels = p.levels.map((l) => l.level);
  const load: LoadProfile = p.load === "open" ? { kind: "open", rates: levels, arrival: "poisson", burstiness: 1 } : { kind: "closed", concurrency: levels };
  const { profile: _profile, ...base } = t.spec;
  // bench_serving and vllm bench serve time requests without logprobs: the import is compared with "parity-only" runs
  const logprobs = base.requests[0]?.kind === "generate" ? "parity-only" : base.logprobs;
  const spec = BenchmarkSpec.safeParse({ ...base, backends: [t.backend], load, logprobs, requestsPerLevel: p.requestsPerLevel, secondsPerLevel: undefined, warmup: 0, trials: 1, requestHash: t.requestHash });
  if (!spec.success) return { ok: false, message: `the imported load does not fit a benchmark: ${describeSpecError(spec.error)}` };
  const levelResults: LevelResult[] = p.levels.map((l) => ({
    level: l.level,
    label: levelLabel(load, l.level),
    backends: [{ ...l.result, name: t.backend.name }],
    difference: null,
    parity: null,
  }));
  const series: RunSeries[] = p.levels.flatMap((l) => (l.series ? [{ backend: t.backend.name, level: l.level, trial: 0, warmup: false, startMs: 0, data: l.series }] : []));
  const sameRequest = t.requestHash === t.spec.requestHash;
  const notes = [
    `Imported from ${SOURCE_LABEL[p.source]}${p.label ? ` (tag “${p.label}”)` : ""} on ${t.importedAt}: workload ${workloadText(p)}.`,
    sameRequest
      ? "The importer said the tool sent this benchmark's request, so the run is compared with native runs."
      : "The tool's workload is not this benchmark's request: the run is compared only with runs of the same workload.",
    ...p.notes,
  ];
  if (p.levels.some((l) => l.series === null)) notes.push("Levels without per-request data show the tool's own aggregates: no intervals, and statistics the tool did not print are missing.");
  return {
    ok: true,
    run: {
      format: BENCHMARK_RUN_FORMAT,
      version: 1,
      id: t.id,
      benchmarkId: t.benchmarkId,
      name: t.name,
      status: "done",
      reason: null,
      startedAt: p.date,
      finishedAt: p.date,
      requestHash: t.requestHash,
      spec: spec.data,
      fingerprint: null,
      telemetry: [],
      series,
      levels: levelResults,
      gates: [],
      pass: false,
      baseline: null,
      notes,
      profiles: [],
      runStartEpochMs: null,
    },
  };
}
