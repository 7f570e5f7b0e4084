import { levelLabel, levelsOf, type BenchmarkSpec } from "../schemas/benchmark";
import type { LevelResult, RunGate, RunStatus } from "../schemas/benchmarkRun";
import type { SparkPoint } from "../charts/sparkline";
import { gatedLatency, throughputUnitOf, throughputValue, UNIT_LABEL, type ThroughputUnit } from "../charts/units";
import { loadText, requestText } from "./specText";
import type { Tone } from "./table";
import { runVerdict } from "./verdict";

/**
 * A benchmark in a few plain numbers, for places that only show it (a shared notebook link): the latest
 * run's verdict and key numbers per level, and p95 / throughput over its runs. Plain JSON, so a share
 * snapshot can store it and a server page can render it with no database and no backend.
 */
export interface CardLevel {
  label: string;
  backends: { name: string; p50Ms: number | null; p95Ms: number | null; throughput: number | null; errorRate: number | null }[];
}

export interface BenchmarkCardData {
  id: string;
  name: string;
  request: string;
  load: string;
  backends: string[];
  latency: "e2e" | "ttft";
  unit: ThroughputUnit;
  unitLabel: string;
  /** The level the sparklines read (the highest). */
  levelLabel: string;
  latest: null | {
    runId: string;
    index: number;
    status: RunStatus;
    finishedAt: string | null;
    verdict: { label: string; tone: Tone; pass: boolean; reasons: string[] };
    levels: CardLevel[];
    /** For the throughput-vs-latency chart. */
    levelResults: LevelResult[];
  };
  sparks: { p95: SparkPoint[]; throughput: SparkPoint[] };
  spec: BenchmarkSpec;
}

export interface CardRun {
  id: string;
  index: number;
  status: RunStatus;
  reason: string | null;
  finishedAt: string | null;
  levels: LevelResult[];
  gates: RunGate[];
}

/** The level a history chart reads by default: the highest the benchmark runs. */
export function headlineLevel(spec: BenchmarkSpec): number {
  return Math.max(...levelsOf(spec.load));
}

export function benchmarkCard(b: { id: string; name: string; spec: BenchmarkSpec; runs: CardRun[]; verdictOf?: (runId: string) => { label: string; tone: Tone; pass: boolean; reasons: string[] } | undefined }): BenchmarkCardData {
  const { spec } = b;
  const unit = throughputUnitOf(spec);
  const latency = spec.gates.latency;
  const level = headlineLevel(spec);
  const p95: SparkPoint[] = [];
  const throughput: SparkPoint[] = [];
  for (const r of b.runs) {
    if (r.status !== "done") continue;
    for (const x of r.levels.find((l) => l.level === level)?.backends ?? []) {
      const lat = gatedLatency(x, latency).p95;
      const thr = throughputValue(x, unit);
      if (lat !== null) p95.push({ i: r.index, value: lat, backend: x.name });
      if (thr !== null) throughput.push({ i: r.index, value: thr, backend: x.name });
    }
  }
  // The latest finished run carries the numbers; a later cancelled or running one has none to show.
  const last = [...b.runs].reverse().find((r) => r.status === "done") ?? b.runs.at(-1);
  return {
    id: b.id,
    name: b.name,
    request: requestText(spec),
    load: loadText(spec),
    backends: spec.backends.map((x) => x.name),
    latency,
    unit,
    unitLabel: UNIT_LABEL[unit],
    levelLabel: levelLabel(spec.load, level),
    latest: last
      ? {
          runId: last.id,
          index: last.index,
          status: last.status,
          finishedAt: last.finishedAt,
          verdict: b.verdictOf?.(last.id) ?? runVerdict(last),
          levels: last.levels.map((l) => ({
            label: l.label,
            backends: l.backends.map((x) => ({ name: x.name, p50Ms: gatedLatency(x, latency).p50, p95Ms: gatedLatency(x, latency).p95, throughput: throughputValue(x, unit), errorRate: x.counts.errorRate })),
          })),
          levelResults: last.levels,
        }
      : null,
    sparks: { p95, throughput },
    spec,
  };
}
