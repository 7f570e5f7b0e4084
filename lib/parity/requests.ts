import type { ParityRuleInput, ParityStatus, Verdict } from "../schemas/parity";
import { ParityRule } from "../schemas/parity";
import { paramsOf, plural } from "./verdict";

/**
 * One verdict for a benchmark level from the verdicts of the request snapshots it sent. Stricter than
 * combining the parts of one answer: every request must pass, since a backend that is right on one
 * request and wrong on another is wrong. Any failing request fails the level; otherwise any request that
 * could not be judged (no answer from one side, or nothing of the rule's kind) leaves it "n/a".
 */

/** A snapshot's verdict; null when it was sent but one side never answered it. */
export type RequestVerdict = { snapshot: number; verdict: Verdict | null };

const statusOf = (v: Verdict | null): ParityStatus => (v === null ? "n/a" : v.status);

/** `total`: request snapshots in the benchmark (some may not have been sent, and are not judged). */
export function combineRequestVerdicts(rule: ParityRuleInput, judged: ReadonlyArray<RequestVerdict>, total: number): Verdict {
  const only = judged[0];
  if (total === 1 && judged.length === 1 && only?.verdict) return only.verdict;
  const parsed = ParityRule.parse(rule);
  const statuses = judged.map((j) => statusOf(j.verdict));
  const status: ParityStatus = statuses.includes("fail") ? "fail" : judged.length === 0 || statuses.includes("n/a") ? "n/a" : "pass";
  const lead = judged.find((j) => statusOf(j.verdict) === status);
  const label = (j: RequestVerdict) => `request ${j.snapshot + 1} of ${total}`;
  const reason =
    lead === undefined
      ? "no request to judge"
      : lead.verdict === null
        ? `${label(lead)}: no successful answer from both backends to compare.`
        : `${label(lead)}: ${lead.verdict.reason}`;
  const same = statuses.filter((s) => s === status).length;
  const tail =
    status === "pass"
      ? judged.length === 1
        ? " (the only request sent)"
        : ` (all ${judged.length} requests sent pass)`
      : same > 1
        ? ` (${plural(same - 1, "more request", "more requests")} ${status === "fail" ? "fail" : "could not be judged"})`
        : "";
  return {
    rule: parsed.name,
    params: paramsOf(parsed),
    status,
    reason: `${reason}${tail}`,
    checked: judged.reduce((s, j) => s + (j.verdict?.checked ?? 0), 0),
    missing: judged.reduce((s, j) => s + (j.verdict?.missing ?? 0), 0),
    parts: lead?.verdict?.parts ?? [],
    worst: lead?.verdict?.worst ?? null,
  };
}
