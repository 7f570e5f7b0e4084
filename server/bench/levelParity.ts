import type { BenchmarkSpec } from "../../lib/schemas/benchmark";
import type { ParityRuleInput, Verdict } from "../../lib/schemas/parity";
import { diffScores } from "../../lib/diff/scores";
import { diffTokenSequences } from "../../lib/diff/tokens";
import { evaluateParity } from "../../lib/parity/evaluate";
import { combineRequestVerdicts } from "../../lib/parity/requests";
import { paritySample } from "../adapters/loadRequest";
import { requestKind } from "./summary";

/**
 * The parity verdict of one level, from the benchmark's own answers: per request snapshot sent, the first
 * successful answer of each backend, judged under the rule; then one verdict over those snapshots (each
 * must pass; one sent but never answered by a side cannot be judged, so the level is n/a). Taken as soon as the level has run on both backends, so a run that is stopped or
 * interrupted later keeps the verdicts of the levels it finished.
 */

/** Parsed answers of one backend at one level, by request snapshot: null = sent but never answered, undefined = never sent. */
export type BackendFinals = ReadonlyArray<unknown>;

function verdictOf(kind: "score" | "generate", a: unknown, b: unknown, rule: ParityRuleInput): Verdict | null {
  const sa = a === undefined || a === null ? null : paritySample(kind, a);
  const sb = b === undefined || b === null ? null : paritySample(kind, b);
  if (!sa || !sb) return null;
  if (sa.kind === "score" && sb.kind === "score") return evaluateParity(rule, { scores: diffScores(sa.scores, sb.scores) });
  if (sa.kind === "generate" && sb.kind === "generate") return evaluateParity(rule, { output: diffTokenSequences(sa.output, sb.output) });
  return null;
}

/** null when either backend has no answers at this level (nothing to judge: the gate reads that as n/a). */
export function levelParity(spec: BenchmarkSpec, a: BackendFinals | undefined, b: BackendFinals | undefined, rule: ParityRuleInput): Verdict | null {
  if (!a || !b) return null;
  const kind = requestKind(spec);
  // A snapshot the level never sent to either backend (fewer requests than snapshots) is not judged.
  const judged = spec.requests.flatMap((_, i) => (a[i] !== undefined || b[i] !== undefined ? [{ snapshot: i, verdict: verdictOf(kind, a[i], b[i], rule) }] : []));
  if (judged.every((j) => j.verdict === null)) return null;
  return combineRequestVerdicts(rule, judged, spec.requests.length);
}
