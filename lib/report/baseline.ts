import type { BackendLevel, LevelResult, RunGate, RunResult, RunSeries } from "../schemas/benchmarkRun";
import { benchmarkParityRule } from "../parity/benchmarkRule";
import type { ParityRuleInput, Verdict } from "../schemas/parity";
import type { AbDifference, RequestRecord } from "../schemas/stats";
import { percentileStat } from "../stats/bootstrap";
import { compareStatistic, compareThroughput } from "../stats/compare";
import { evaluateGates, parityGate, type GateSide } from "../stats/gates";
import { e2eOf, ttftOf } from "../stats/requestMetrics";
import { concatTrials, seriesToRecords } from "../stats/seriesRecords";
import { completionEvents, levelSpan, windowCountFor, windowRates } from "../stats/throughput";
import { comparable, sameInput } from "./sameInput";
import { gatedLatency, throughputUnitOf, throughputValue, type ThroughputUnit } from "../charts/units";

/**
 * A run judged against a baseline run of the same request: per level and backend, the change of p50
 * and p95 latency and of throughput with seeded bootstrap intervals (significant only when the interval
 * excludes 0), and the gates with the benchmark's thresholds. A baseline of another request is refused
 * with the reason — comparisons need the same input.
 */

export type RunForComparison = Pick<RunResult, "id" | "name" | "status" | "finishedAt" | "requestHash" | "spec" | "levels" | "series">;

export interface BackendChange {
  name: string;
  /** The baseline backend it is judged against. */
  against: string;
  latencyP50: AbDifference;
  latencyP95: AbDifference;
  throughput: AbDifference;
}

export interface LevelChange {
  level: number;
  label: string;
  backends: BackendChange[];
}

export type BaselineComparison =
  | { ok: false; reason: string }
  | {
      ok: true;
      baseline: { id: string; name: string; status: string; finishedAt: string | null };
      latency: "e2e" | "ttft";
      unit: ThroughputUnit;
      levels: LevelChange[];
      gates: RunGate[];
      pass: boolean;
      notes: string[];
    };

/** Same request, same load, and at least one level in common — else the reason in words (lib/report/sameInput). */
export function checkSameRequest(run: RunForComparison, baseline: RunForComparison): { ok: true } | { ok: false; reason: string } {
  const side = (r: RunForComparison) => comparable(r.name, { ...r.spec, requestHash: r.requestHash }, r.levels.map((l) => l.level));
  return sameInput(side(run), side(baseline));
}

export function pooled(series: ReadonlyArray<RunSeries>, backend: string, level: number): RequestRecord[] {
  const mine = series.filter((s) => !s.warmup && s.backend === backend && s.level === level).sort((a, b) => a.trial - b.trial);
  return concatTrials(mine.map((s) => seriesToRecords(s.data)));
}

function weightOf(unit: ThroughputUnit): (r: RequestRecord) => number | null {
  return unit === "items" ? (r) => r.items : unit === "outputTokens" ? (r) => r.outputTokens : () => 1;
}

/** Per-window rates of a level (as its own throughput interval resamples them): the A/B comparison's input. */
export function windows(records: RequestRecord[], unit: ThroughputUnit): Float64Array {
  const span = levelSpan(records);
  if (!span) return new Float64Array();
  const events = completionEvents(records, weightOf(unit));
  return windowRates(events, span, windowCountFor(events.length));
}

/** A difference from the two summaries alone (no per-request data, e.g. an imported run): no interval. */
function pointOnly(a: number | null, b: number | null, nA: number, nB: number): AbDifference {
  const diff = a !== null && b !== null ? b - a : null;
  return { a, b, diff, relativePct: diff !== null && a !== null && a !== 0 ? (diff / Math.abs(a)) * 100 : null, ci95: null, significant: false, nA, nB };
}

function change(run: RunForComparison, base: RunForComparison, level: number, cand: BackendLevel, against: BackendLevel, unit: ThroughputUnit): BackendChange {
  const latency = run.spec.gates.latency;
  const ra = pooled(base.series, against.name, level);
  const rb = pooled(run.series, cand.name, level);
  const opts = { seed: run.spec.seed };
  if (ra.length === 0 || rb.length === 0) {
    const sa = gatedLatency(against, latency);
    const sb = gatedLatency(cand, latency);
    return {
      name: cand.name,
      against: against.name,
      latencyP50: pointOnly(sa.p50, sb.p50, sa.n, sb.n),
      latencyP95: pointOnly(sa.p95, sb.p95, sa.n, sb.n),
      throughput: pointOnly(throughputValue(against, unit), throughputValue(cand, unit), against.counts.ok, cand.counts.ok),
    };
  }
  const lat = (r: RequestRecord) => (latency === "ttft" ? ttftOf(r) : e2eOf(r));
  return {
    name: cand.name,
    against: against.name,
    latencyP50: compareStatistic(ra.map(lat), rb.map(lat), percentileStat(50), opts),
    latencyP95: compareStatistic(ra.map(lat), rb.map(lat), percentileStat(95), opts),
    throughput: compareThroughput(windows(ra, unit), windows(rb, unit), opts),
  };
}

/** Nothing compared cannot pass: the verdict when a level recorded none (n/a fails its gate). */
export function missingParity(rule: ParityRuleInput): Verdict {
  return { rule: rule.name, params: {}, status: "n/a", reason: "no successful answer from both backends at this level to compare", checked: 0, missing: 0, parts: [], worst: null };
}

export function gateSide(b: BackendLevel, latency: "e2e" | "ttft", unit: ThroughputUnit): GateSide {
  return { throughput: throughputValue(b, unit), p95Ms: gatedLatency(b, latency).p95, errorRate: b.counts.errorRate };
}

/** Whether any gate compared speed or errors: parity alone says the answers agree, not that the run held up against a baseline. */
export function comparedOnSpeed(gates: ReadonlyArray<{ name: string }>): boolean {
  return gates.some((g) => g.name !== "parity");
}

/** The baseline backend a run's backend is judged against: same name, else the same position. */
function counterpart(l: LevelResult, bl: LevelResult, i: number): BackendLevel | undefined {
  const cand = l.backends[i] as BackendLevel;
  return bl.backends.find((x) => x.name === cand.name) ?? (bl.backends.length === l.backends.length ? bl.backends[i] : undefined);
}

export function compareToBaseline(run: RunForComparison, baseline: RunForComparison): BaselineComparison {
  const same = checkSameRequest(run, baseline);
  if (!same.ok) return same;
  const unit = throughputUnitOf(run.spec);
  const latency = run.spec.gates.latency;
  const rule = benchmarkParityRule(run.spec);
  const notes: string[] = [];
  const levels: LevelChange[] = [];
  const gates: RunGate[] = [];
  if (baseline.status !== "done") notes.push(`the baseline run ended ${baseline.status}: it is an incomplete reference`);
  if (baseline.series.length === 0 || run.series.length === 0) notes.push("one side has no per-request data, so differences carry no interval and none is significant");
  for (const l of run.levels) {
    // Parity judges this run's own two answers, once per level, whatever the baseline holds: a level or
    // backend the baseline lacks is not gated on speed, but its answers still are.
    const [a, b] = l.backends;
    if (rule && a && b) gates.push({ ...parityGate(l.parity ?? missingParity(rule)), level: l.level, backend: b.name, against: a.name });
    const bl = baseline.levels.find((x) => x.level === l.level);
    if (!bl) {
      notes.push(`${l.label}: the baseline did not measure this level; not compared`);
      continue;
    }
    const backends: BackendChange[] = [];
    l.backends.forEach((cand, i) => {
      const against = counterpart(l, bl, i);
      if (!against) {
        notes.push(`${l.label}: the baseline has no backend "${cand.name}"; not compared`);
        return;
      }
      backends.push(change(run, baseline, l.level, cand, against, unit));
      const report = evaluateGates(gateSide(against, latency, unit), gateSide(cand, latency, unit), { thresholds: run.spec.gates.thresholds });
      for (const g of report.gates) gates.push({ ...g, level: l.level, backend: cand.name, against: `baseline ${against.name}` });
    });
    levels.push({ level: l.level, label: l.label, backends });
  }
  if (run.status !== "done") notes.push(`this run ended ${run.status}; its gates are not a pass`);
  const gatedOnSpeed = comparedOnSpeed(gates);
  if (!gatedOnSpeed) notes.push("no level and backend of this run has a counterpart in the baseline: nothing was compared with it, so this is not a pass");
  return {
    ok: true,
    baseline: { id: baseline.id, name: baseline.name, status: baseline.status, finishedAt: baseline.finishedAt },
    latency,
    unit,
    levels,
    gates,
    pass: run.status === "done" && gatedOnSpeed && gates.every((g) => g.pass),
    notes,
  };
}
