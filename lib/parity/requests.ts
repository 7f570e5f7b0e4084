import type { ParityRuleInput, ParityStatus, Verdict } from "../schemas/parity";
import { ParityRule } from "../schemas/parity";
import { paramsOf } from "./verdict";

/**
 * One verdict for a benchmark level from the verdicts of each of its request snapshots. Stricter than
 * combining the parts of one answer: every request must pass, since a backend that is right on one
 * request and wrong on another is wrong. Any failing request fails the level; otherwise any request that
 * could not be judged (no answer from one side, or nothing of the rule's kind) leaves it "n/a".
 */
export function combineRequestVerdicts(rule: ParityRuleInput, verdicts: ReadonlyArray<Verdict | null>): Verdict {
  const parsed = ParityRule.parse(rule);
  if (verdicts.length === 1 && verdicts[0]) return verdicts[0];
  const label = (i: number) => `request ${i + 1} of ${verdicts.length}`;
  const judged = verdicts.map((v, i) => ({ i, v }));
  const status: ParityStatus = judged.some(({ v }) => v?.status === "fail")
    ? "fail"
    : judged.length === 0 || judged.some(({ v }) => v === null || v.status === "n/a")
      ? "n/a"
      : "pass";
  const lead = judged.find(({ v }) => (v === null ? "n/a" : v.status) === status);
  const reason =
    lead === undefined
      ? "no request to judge"
      : lead.v === null
        ? `${label(lead.i)}: no successful answer from both backends to compare.`
        : `${label(lead.i)}: ${lead.v.reason}`;
  const same = verdicts.filter((v) => (v === null ? "n/a" : v.status) === status).length;
  const tail = status === "pass" ? ` (all ${verdicts.length} requests pass)` : same > 1 ? ` (${same - 1} more request${same === 2 ? "" : "s"} ${status === "fail" ? "fail" : "could not be judged"})` : "";
  return {
    rule: parsed.name,
    params: paramsOf(parsed),
    status,
    reason: `${reason}${tail}`,
    checked: verdicts.reduce((s, v) => s + (v?.checked ?? 0), 0),
    missing: verdicts.reduce((s, v) => s + (v?.missing ?? 0), 0),
    parts: lead?.v?.parts ?? [],
    worst: lead?.v?.worst ?? null,
  };
}
