import { PARITY_RULES } from "../../../../lib/parity/rules";
import type { Verdict } from "../../../../lib/schemas/parity";
import { visibleProse } from "./tokenText";

const TONE = { pass: "ok", fail: "bad", "n/a": "unknown" } as const;

function paramsText(params: Record<string, number>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? "" : ` (${entries.map(([k, v]) => `${k} ${v}`).join(", ")})`;
}

/** pass / fail / n/a under the named rule, with the verdict's reason sentence. */
export function VerdictBadge({ verdict }: { verdict: Verdict | null }) {
  if (!verdict) {
    return (
      <div className="out-verdict" data-testid="verdict" data-status="none">
        <span className="badge unknown">no verdict</span>
        <span className="muted">The run stopped before anything could be compared.</span>
      </div>
    );
  }
  const info = PARITY_RULES[verdict.rule];
  const title = `${verdict.rule}${paramsText(verdict.params)}: ${info.definition} Source: ${info.source}.`;
  return (
    <div className="out-verdict" data-testid="verdict" data-status={verdict.status} data-rule={verdict.rule}>
      <span className={`badge ${TONE[verdict.status]}`} title={title}>
        <span className="dot" aria-hidden="true" />
        <strong>{verdict.status === "n/a" ? "n/a" : verdict.status}</strong> · {verdict.rule}
        {paramsText(verdict.params)}
      </span>
      <span className="out-verdict-reason" data-testid="verdict-reason">
        {visibleProse(verdict.reason)}
      </span>
    </div>
  );
}
