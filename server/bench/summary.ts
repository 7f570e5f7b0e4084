import { levelLabel, levelsOf, type BenchmarkSpec, type RequestKind } from "../../lib/schemas/benchmark";
import type {
  BackendLevel,
  LevelDifference,
  LevelParity,
  LevelResult,
  ProfileRecord,
  RunGate,
  RunResult,
  RunSeries,
  RunStatus,
  RunSummary,
  TelemetrySeries,
} from "../../lib/schemas/benchmarkRun";
import type { ParityRuleInput } from "../../lib/schemas/parity";
import type { RequestRecord, TimePoint } from "../../lib/schemas/stats";
import { backendLevel, type TrialData } from "../../lib/stats/backendLevel";
import { percentileStat } from "../../lib/stats/bootstrap";
import { compareStatistic, compareThroughput } from "../../lib/stats/compare";
import { evaluateGates } from "../../lib/stats/gates";
import { e2eOf, ttftOf } from "../../lib/stats/requestMetrics";
import { benchmarkParityRule } from "../../lib/parity/benchmarkRule";
import { compareToBaseline, gateSide, missingParity, pooled, windows, type RunForComparison } from "../../lib/report/baseline";
import { throughputUnitOf, type ThroughputUnit } from "../../lib/charts/units";

/**
 * From a run's stored series (and telemetry, parity samples, an optional baseline) to its summary:
 * per level and backend the metrics, the B − A differences, parity, and the gates. Gates compare B with
 * A in the same run, or — with a baseline run of the same request — each backend with its namesake there.
 */

export interface SummaryInput {
  spec: BenchmarkSpec;
  status: RunStatus;
  series: RunSeries[];
  telemetry: TelemetrySeries[];
  /** Per level, the parity verdict the runner took on its own answers (stored as it went). */
  parity: ReadonlyArray<LevelParity>;
  baseline: RunResult | null;
  profiles: ProfileRecord[];
  runStartEpochMs: number | null;
  /** What the runner noted while it ran (a timed level cut short by the storage budget). */
  runNotes?: ReadonlyArray<string>;
}

export function requestKind(spec: BenchmarkSpec): RequestKind {
  return (spec.requests[0] as { kind: RequestKind }).kind;
}

/**
 * Queue samples of one backend while a level was sending, on the level's own clock. The drain after the
 * last send is left out: a queue emptying once load stops says nothing about whether it kept up.
 */
function queuePoints(telemetry: TelemetrySeries | undefined, s: RunSeries): TimePoint[] {
  if (!telemetry) return [];
  let end = 0;
  for (const t of s.data.startOffsetMs) end = Math.max(end, t);
  const out: TimePoint[] = [];
  for (const p of telemetry.samples) {
    const t = p.tMs - s.startMs;
    if (p.level === s.level && p.queue !== null && t >= 0 && t <= end) out.push({ tMs: t, value: p.queue });
  }
  return out;
}

function difference(spec: BenchmarkSpec, names: [string, string], level: number, series: RunSeries[], unit: ThroughputUnit): LevelDifference {
  const ra = pooled(series, names[0], level);
  const rb = pooled(series, names[1], level);
  const latency = spec.gates.latency;
  const lat = (r: RequestRecord) => (latency === "ttft" ? ttftOf(r) : e2eOf(r));
  const opts = { seed: spec.seed };
  return {
    a: names[0],
    b: names[1],
    latencyP50: compareStatistic(ra.map(lat), rb.map(lat), percentileStat(50), opts),
    latencyP95: compareStatistic(ra.map(lat), rb.map(lat), percentileStat(95), opts),
    throughput: compareThroughput(windows(ra, unit), windows(rb, unit), opts),
    latency,
    throughputUnit: unit,
  };
}

export function summarizeRun(input: SummaryInput): RunSummary {
  const { spec } = input;
  const kind = requestKind(spec);
  const unit = throughputUnitOf(spec);
  const latency = spec.gates.latency;
  const rule = benchmarkParityRule(spec);
  const notes: string[] = [...(input.runNotes ?? [])];
  const levels: LevelResult[] = [];
  const firstLevel = levelsOf(spec.load)[0];

  for (const level of levelsOf(spec.load)) {
    const measured = input.series.filter((s) => s.level === level && !s.warmup);
    if (measured.length === 0) continue;
    const backends: BackendLevel[] = [];
    for (const b of spec.backends) {
      const mine = measured.filter((s) => s.backend === b.name).sort((x, y) => x.trial - y.trial);
      if (mine.length === 0) continue;
      const telemetry = input.telemetry.find((t) => t.backend === b.name);
      const trials: TrialData[] = mine.map((s) => ({ series: s.data, queue: queuePoints(telemetry, s) }));
      const warmup = level === firstLevel
        ? input.series.filter((s) => s.warmup && s.backend === b.name).reduce((n, s) => n + s.data.startOffsetMs.length, 0)
        : 0;
      backends.push(
        backendLevel({ name: b.name, trials, warmup, slo: spec.slo, saturationLatency: kind === "generate" ? "ttft" : "e2e", open: spec.load.kind === "open", seed: spec.seed }),
      );
    }
    const two = backends.length === 2;
    const names = backends.map((b) => b.name) as [string, string];
    const parity = rule && two ? (input.parity.find((p) => p.level === level)?.verdict ?? null) : null;
    levels.push({
      level,
      label: levelLabel(spec.load, level),
      backends,
      difference: two ? difference(spec, names, level, input.series, unit) : null,
      parity,
    });
  }

  for (const l of levels) {
    if (kind !== "generate") continue;
    const note = outputLengthNote(l);
    if (note) notes.push(note);
    for (const b of l.backends) {
      // TTFT is the first chunk whose server count grew: a stream without counts has none to time
      const untimed = b.counts.ok - b.metrics.ttftMs.n;
      if (untimed > 0) notes.push(`${l.label}: ${untimed} of ${b.name}'s ${b.counts.ok} successful requests streamed no token (none generated, or no meta_info.completion_tokens), so they have no TTFT, ITL or TPOT`);
    }
  }
  // Against a baseline, the same comparison the pages show (lib/report/baseline): one verdict everywhere.
  const versus = input.baseline ? baselineGates(input, levels) : null;
  const gates = versus ? versus.gates : pairGates(spec, levels, notes, unit, rule);
  if (versus) notes.push(...versus.notes);
  else if (input.status !== "done") notes.push(`the run ended ${input.status}; its gates are not a pass`);
  return {
    levels,
    gates,
    pass: versus ? versus.pass : input.status === "done" && gates.every((g) => g.pass),
    baseline: input.baseline
      ? { id: input.baseline.id, name: input.baseline.name, requestHash: input.baseline.requestHash, finishedAt: input.baseline.finishedAt }
      : null,
    notes,
    profiles: input.profiles,
    runStartEpochMs: input.runStartEpochMs,
  };

  function pairGates(s: BenchmarkSpec, ls: LevelResult[], n: string[], u: ThroughputUnit, r: ParityRuleInput | null): RunGate[] {
    if (s.backends.length < 2) {
      n.push("one backend and no baseline: there is nothing to gate against");
      return [];
    }
    const out: RunGate[] = [];
    for (const l of ls) {
      const [a, b] = l.backends;
      if (!a || !b) {
        n.push(`${l.label}: only one backend was measured; no gate`);
        continue;
      }
      const report = evaluateGates(gateSide(a, latency, u), gateSide(b, latency, u), {
        thresholds: s.gates.thresholds,
        parity: r ? (l.parity ?? missingParity(r)) : null,
      });
      for (const g of report.gates) out.push({ ...g, level: l.level, backend: b.name, against: a.name });
    }
    return out;
  }
}

/** Output tokens per request that A and B may differ by before their latencies are said to measure different work. */
const OUTPUT_LENGTH_TOLERANCE = 0.05;

/**
 * A and B stopping at different lengths (EOS, a stop string) generate different amounts of work, so E2E and
 * tok/s gates compare unlike things: said, not hidden. Tokens per request = output tok/s ÷ requests/s.
 */
function outputLengthNote(l: LevelResult): string | null {
  const [a, b] = l.backends;
  if (!a || !b) return null;
  const per = (x: BackendLevel) => (x.throughput.outputTokensPerSec !== null && x.throughput.requestsPerSec ? x.throughput.outputTokensPerSec / x.throughput.requestsPerSec : null);
  const ta = per(a);
  const tb = per(b);
  if (ta === null || tb === null || ta === 0 || Math.abs(tb / ta - 1) <= OUTPUT_LENGTH_TOLERANCE) return null;
  return `${l.label}: ${b.name} generated ${tb.toFixed(1)} output tokens per request, ${a.name} ${ta.toFixed(1)} (${(((tb - ta) / ta) * 100).toFixed(0)}%): their E2E and tok/s compare different amounts of work; set ignoreEos (--ignore-eos) to run both to max_new_tokens`;
}

function baselineGates(input: SummaryInput, levels: LevelResult[]): { gates: RunGate[]; pass: boolean; notes: string[] } {
  const base = input.baseline as RunResult;
  const run: RunForComparison = { id: "", name: "this run", status: input.status, finishedAt: null, requestHash: input.spec.requestHash, spec: input.spec, levels, series: input.series };
  const cmp = compareToBaseline(run, base);
  return cmp.ok ? { gates: cmp.gates, pass: cmp.pass, notes: cmp.notes } : { gates: [], pass: false, notes: [cmp.reason] };
}
