import { levelLabel, levelsOf, type BenchmarkSpec, type RequestKind } from "../../lib/schemas/benchmark";
import type {
  BackendLevel,
  LevelDifference,
  LevelResult,
  ProfileRecord,
  RunGate,
  RunResult,
  RunSeries,
  RunStatus,
  RunSummary,
  TelemetrySeries,
} from "../../lib/schemas/benchmarkRun";
import type { ParityRule, ParityRuleInput, Verdict } from "../../lib/schemas/parity";
import type { RequestRecord, TimePoint } from "../../lib/schemas/stats";
import { diffScores } from "../../lib/diff/scores";
import { diffTokenSequences } from "../../lib/diff/tokens";
import { evaluateParity } from "../../lib/parity/evaluate";
import { backendLevel, type TrialData } from "../../lib/stats/backendLevel";
import { percentileStat } from "../../lib/stats/bootstrap";
import { compareStatistic, compareThroughput } from "../../lib/stats/compare";
import { evaluateGates, type GateSide } from "../../lib/stats/gates";
import { e2eOf, ttftOf } from "../../lib/stats/requestMetrics";
import { concatTrials, seriesToRecords } from "../../lib/stats/seriesRecords";
import { completionEvents, levelSpan, windowRates } from "../../lib/stats/throughput";
import { paritySample } from "../adapters/loadRequest";
import type { ParityFinals } from "./runner";

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
  /** null when the parsed answers are gone (a run summarised again after a restart). */
  parity: ParityFinals | null;
  baseline: RunResult | null;
  profiles: ProfileRecord[];
  runStartEpochMs: number | null;
}

export function requestKind(spec: BenchmarkSpec): RequestKind {
  return (spec.requests[0] as { kind: RequestKind }).kind;
}

/** The rule the parity gate uses: the spec's, else the cell default for the request kind; null = off. */
export function parityRuleOf(spec: BenchmarkSpec): ParityRuleInput | null {
  if (spec.gates.parity === null) return null;
  if (spec.gates.parity !== undefined) return spec.gates.parity;
  const first = spec.requests[0];
  if (first?.kind === "score") return { name: "score-gate" };
  // Containment needs top-k lists; without them, the SGLang CI tolerance is the rule that can judge.
  return first && first.topLogprobs > 0 ? { name: "topk-containment" } : { name: "sglang-ci" };
}

type ThroughputUnit = LevelDifference["throughputUnit"];

function throughputUnit(kind: RequestKind): ThroughputUnit {
  return kind === "score" ? "items" : "outputTokens";
}

function throughputValue(b: BackendLevel, unit: ThroughputUnit): number | null {
  return unit === "items" ? b.throughput.itemsPerSec : unit === "outputTokens" ? b.throughput.outputTokensPerSec : b.throughput.requestsPerSec;
}

function gateSide(b: BackendLevel, latency: "e2e" | "ttft", unit: ThroughputUnit): GateSide {
  return {
    throughput: throughputValue(b, unit),
    p95Ms: (latency === "ttft" ? b.metrics.ttftMs : b.metrics.e2eMs).p95,
    errorRate: b.counts.errorRate,
  };
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

function pooledRecords(series: RunSeries[]): RequestRecord[] {
  return concatTrials(series.map((s) => seriesToRecords(s.data)));
}

function throughputWindows(records: RequestRecord[], unit: ThroughputUnit): Float64Array {
  const span = levelSpan(records);
  if (!span) return new Float64Array();
  const weight = (r: RequestRecord) => (unit === "items" ? r.items : unit === "outputTokens" ? r.outputTokens : 1);
  return windowRates(completionEvents(records, weight), span, 10);
}

function difference(spec: BenchmarkSpec, names: [string, string], a: RunSeries[], b: RunSeries[], unit: ThroughputUnit): LevelDifference {
  const ra = pooledRecords(a);
  const rb = pooledRecords(b);
  const latency = spec.gates.latency;
  const lat = (r: RequestRecord) => (latency === "ttft" ? ttftOf(r) : e2eOf(r));
  const opts = { seed: spec.seed };
  return {
    a: names[0],
    b: names[1],
    latencyP50: compareStatistic(ra.map(lat), rb.map(lat), percentileStat(50), opts),
    latencyP95: compareStatistic(ra.map(lat), rb.map(lat), percentileStat(95), opts),
    throughput: compareThroughput(throughputWindows(ra, unit), throughputWindows(rb, unit), opts),
    latency,
    throughputUnit: unit,
  };
}

function parityAt(spec: BenchmarkSpec, finals: Map<string, unknown> | undefined, rule: ParityRuleInput): Verdict | null {
  const [a, b] = spec.backends;
  if (!a || !b || !finals) return null;
  const kind = requestKind(spec);
  const sa = finals.has(a.name) ? paritySample(kind, finals.get(a.name)) : null;
  const sb = finals.has(b.name) ? paritySample(kind, finals.get(b.name)) : null;
  if (!sa || !sb) return null;
  if (sa.kind === "score" && sb.kind === "score") return evaluateParity(rule, { scores: diffScores(sa.scores, sb.scores) });
  if (sa.kind === "generate" && sb.kind === "generate") return evaluateParity(rule, { output: diffTokenSequences(sa.output, sb.output) });
  return null;
}

/** Parity gate when the verdict is missing: nothing compared cannot pass. */
function missingParity(rule: ParityRuleInput): Verdict {
  return {
    rule: (rule as ParityRule).name,
    params: {},
    status: "n/a",
    reason: "no successful answer from both backends at this level to compare",
    checked: 0,
    missing: 0,
    parts: [],
    worst: null,
  };
}

export function summarizeRun(input: SummaryInput): RunSummary {
  const { spec } = input;
  const kind = requestKind(spec);
  const unit = throughputUnit(kind);
  const latency = spec.gates.latency;
  const rule = parityRuleOf(spec);
  const notes: string[] = [];
  const levels: LevelResult[] = [];
  const firstLevel = levelsOf(spec.load)[0];

  for (const level of levelsOf(spec.load)) {
    const measured = input.series.filter((s) => s.level === level && !s.warmup);
    if (measured.length === 0) continue;
    const backends: BackendLevel[] = [];
    const perBackend: RunSeries[][] = [];
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
      perBackend.push(mine);
    }
    const two = backends.length === 2 && perBackend.length === 2;
    const names = backends.map((b) => b.name) as [string, string];
    const parity = rule && two ? parityAt(spec, input.parity?.get(level), rule) : null;
    levels.push({
      level,
      label: levelLabel(spec.load, level),
      backends,
      difference: two ? difference(spec, names, perBackend[0] as RunSeries[], perBackend[1] as RunSeries[], unit) : null,
      parity,
    });
  }

  const gates = input.baseline ? baselineGates(input, levels, notes, unit) : pairGates(spec, levels, notes, unit, rule);
  if (input.status !== "done") notes.push(`the run ended ${input.status}; its gates are not a pass`);
  return {
    levels,
    gates,
    pass: input.status === "done" && gates.every((g) => g.pass),
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

function baselineGates(input: SummaryInput, levels: LevelResult[], notes: string[], unit: ThroughputUnit): RunGate[] {
  const base = input.baseline as RunResult;
  const latency = input.spec.gates.latency;
  const rule = parityRuleOf(input.spec);
  const out: RunGate[] = [];
  for (const l of levels) {
    const bl = base.levels.find((x) => x.level === l.level);
    if (!bl) {
      notes.push(`${l.label}: the baseline has no such level; not gated`);
      continue;
    }
    l.backends.forEach((cand, i) => {
      const against = bl.backends.find((x) => x.name === cand.name) ?? (bl.backends.length === l.backends.length ? bl.backends[i] : undefined);
      if (!against) {
        notes.push(`${l.label}: the baseline has no backend "${cand.name}"; not gated`);
        return;
      }
      // Parity judges this run's own two answers: attached once per level, to its last backend.
      const last = i === l.backends.length - 1 && l.backends.length === 2;
      const report = evaluateGates(gateSide(against, latency, unit), gateSide(cand, latency, unit), {
        thresholds: input.spec.gates.thresholds,
        parity: last && rule ? (l.parity ?? missingParity(rule)) : null,
      });
      for (const g of report.gates) out.push({ ...g, level: l.level, backend: cand.name, against: `baseline ${against.name}` });
    });
  }
  return out;
}
