import type { CellRunResult, SideResult } from "../../../../lib/schemas/cellRun";
import { DEFINITIONS } from "./definitions";
import { TeacherForcedView } from "./TeacherForcedView";
import { TokenStrip } from "./TokenStrip";
import { visibleProse } from "./tokenText";

type Props = { result: CellRunResult; onTeacherForce?(reference: "a" | "b"): void; busy?: boolean };

function OutputFacts({ side }: { side: SideResult }) {
  const o = side.output;
  return (
    <div className="out-gen-side" data-testid={`output-${side.side}`}>
      <h4>
        {side.side.toUpperCase()} <span className="muted">{side.backend.name}</span>
      </h4>
      {o ? (
        <>
          <dl className="kv">
            <dt title={DEFINITIONS.finishReason}>finish reason</dt>
            <dd>{o.finishReason ? `${o.finishReason.type}${o.finishReason.detail !== null ? ` (${String(o.finishReason.detail)})` : ""}` : "—"}</dd>
            <dt title={DEFINITIONS.completionTokens}>output tokens (server)</dt>
            <dd>{o.completionTokens ?? "not reported"}</dd>
            <dt title={DEFINITIONS.promptTokens}>prompt tokens (server)</dt>
            <dd>{o.promptTokens ?? "not reported"}</dd>
          </dl>
          {o.partial && <p className="error-text">The stream was cut: these are the tokens that arrived before it failed.</p>}
          <pre className="out-text">{visibleProse(o.text)}</pre>
        </>
      ) : (
        <p className="error-text">No output{side.error ? `: ${visibleProse(side.error.message)}` : "."}</p>
      )}
    </div>
  );
}

/**
 * Generate cells after the run: both outputs, their token strip aligned by position (A above, B below),
 * and after a split the offer to teacher-force B on A's tokens, with that comparison when it exists.
 */
export function GenerateView({ result, onTeacherForce, busy }: Props) {
  const { a, b } = result;
  const names = { a: a.backend.name, b: b.backend.name };
  const out = result.diff?.output ?? null;
  const split = out?.summary.firstDivergence?.reason === "token" || (out !== null && out.summary.tokenMismatches > 0);
  return (
    <div className="out-gen">
      <div className="out-two">
        <OutputFacts side={a} />
        <OutputFacts side={b} />
      </div>
      {out && (
        <TokenStrip diff={out} a={a.output?.tokens ?? null} b={b.output?.tokens ?? null} names={names} title="Output tokens (A above, B below; = same token)" twoLines />
      )}
      {split && onTeacherForce && (
        <p className="out-tf-offer">
          <button type="button" onClick={() => onTeacherForce("a")} disabled={busy} data-testid="teacher-force">
            Teacher-force B on A&apos;s tokens
          </button>{" "}
          <span className="muted">The outputs split; re-score both sides on A&apos;s output so the comparison continues past the split.</span>
        </p>
      )}
      {result.teacherForced && <TeacherForcedView tf={result.teacherForced} names={names} />}
    </div>
  );
}
