import type { Verdict } from "../schemas/parity";
import type { Gate, GateReport, GateThresholds } from "../schemas/stats";
import { coerceNonNegative } from "./options";

/**
 * Regression gates of a benchmark run against its baseline, with the cross-backend Score API
 * methodology's defaults: throughput −10% fails, p95 +15% fails, error rate +1 point fails. Reaching
 * a threshold exactly fails. Missing data fails its gate (nothing shows the run is fine), and a parity
 * verdict, when given, must be "pass": a faster backend that is wrong does not pass.
 */

/** The numbers a gate compares; throughput in whatever unit the benchmark reports (items/s for score). */
export type GateSide = { throughput: number | null; p95Ms: number | null; errorRate: number | null };

export type GateOptions = { thresholds?: GateThresholds; parity?: Verdict | null };

function relativePct(base: number, cand: number): number {
  return ((cand - base) / Math.abs(base)) * 100;
}

/**
 * Slack on a change (in % or points) before it counts as reaching its threshold: float rounding puts a
 * change of exactly the threshold a few ulps short (3 → 2.7 is −9.999999999999993%), and reaching it
 * must fail. 1e-9 is far below any displayed precision and far above the rounding error.
 */
const EPS = 1e-9;

/** The change reaches (or passes) the threshold, allowing for rounding: an increase gate. */
function reaches(change: number, threshold: number): boolean {
  return change >= threshold - EPS;
}

function round(x: number): string {
  return String(Number(x.toFixed(2)));
}

function missingGate(name: Gate["name"], threshold: number, which: string): Gate {
  return { name, value: null, threshold, pass: false, reason: `No ${which} to compare, so this gate cannot pass.` };
}

/** A measured baseline of 0 (or less) is data, not missing data: say so, since a change from it has no %. */
function zeroBaselineGate(name: Gate["name"], threshold: number, what: string): Gate {
  const reason = `The baseline measured no ${what}, so there is no relative change and this gate cannot pass.`;
  return { name, value: null, threshold, pass: false, reason };
}

function throughputGate(base: GateSide, cand: GateSide, dropPct: number): Gate {
  if (base.throughput === null || cand.throughput === null) return missingGate("throughput", -dropPct, "throughput on both runs");
  if (base.throughput <= 0) return zeroBaselineGate("throughput", -dropPct, "throughput");
  const change = relativePct(base.throughput, cand.throughput);
  const pass = !reaches(-change, dropPct);
  return {
    name: "throughput",
    value: change,
    threshold: -dropPct,
    pass,
    reason: `Throughput ${round(base.throughput)} → ${round(cand.throughput)}/s (${change >= 0 ? "+" : ""}${round(change)}%); fails at −${round(dropPct)}% or worse.`,
  };
}

function p95Gate(base: GateSide, cand: GateSide, increasePct: number): Gate {
  if (base.p95Ms === null || cand.p95Ms === null || base.p95Ms <= 0) return missingGate("p95", increasePct, "p95 latency on both runs");
  const change = relativePct(base.p95Ms, cand.p95Ms);
  return {
    name: "p95",
    value: change,
    threshold: increasePct,
    pass: !reaches(change, increasePct),
    reason: `p95 latency ${round(base.p95Ms)} → ${round(cand.p95Ms)} ms (${change >= 0 ? "+" : ""}${round(change)}%); fails at +${round(increasePct)}% or more.`,
  };
}

function errorRateGate(base: GateSide, cand: GateSide, increasePts: number): Gate {
  if (base.errorRate === null || cand.errorRate === null) return missingGate("error-rate", increasePts, "error rate on both runs");
  const change = (cand.errorRate - base.errorRate) * 100;
  return {
    name: "error-rate",
    value: change,
    threshold: increasePts,
    pass: !reaches(change, increasePts),
    reason: `Error rate ${round(base.errorRate * 100)}% → ${round(cand.errorRate * 100)}% (${change >= 0 ? "+" : ""}${round(change)} points); fails at +${round(increasePts)} points or more.`,
  };
}

export function parityGate(verdict: Verdict): Gate {
  const pass = verdict.status === "pass";
  const head = pass ? "Parity holds" : verdict.status === "n/a" ? "Parity could not be judged" : "Parity fails";
  return { name: "parity", value: null, threshold: null, pass, reason: `${head} under ${verdict.rule}: ${verdict.reason}` };
}

export function evaluateGates(baseline: GateSide, candidate: GateSide, opts?: GateOptions): GateReport {
  const t = opts?.thresholds;
  const gates = [
    throughputGate(baseline, candidate, coerceNonNegative("throughputDropPct", t?.throughputDropPct ?? 10)),
    p95Gate(baseline, candidate, coerceNonNegative("p95IncreasePct", t?.p95IncreasePct ?? 15)),
    errorRateGate(baseline, candidate, coerceNonNegative("errorRateIncreasePts", t?.errorRateIncreasePts ?? 1)),
  ];
  if (opts?.parity) gates.push(parityGate(opts.parity));
  return { pass: gates.every((g) => g.pass), gates };
}
