import type { PositionDiff } from "../../../../lib/schemas/diff";
import type { TokenPosition } from "../../../../lib/schemas/tokens";
import { DEFINITIONS, DIVERGENCE_REASONS } from "./definitions";
import { fmtDelta, fmtNum } from "./format";
import { TopkList } from "./TopkList";

type Props = {
  p: PositionDiff;
  a: TokenPosition | undefined;
  b: TokenPosition | undefined;
  names: { a: string; b: string };
  firstDivergence: { position: number; reason: string } | null;
};

/** Both sides' top-k lists at one position, side by side, with the position's Δ and ranks. */
export function TopkCompare({ p, a, b, names, firstDivergence }: Props) {
  const isFirst = firstDivergence?.position === p.index;
  return (
    <section className="out-topk" data-testid="topk-compare" data-position={p.index} aria-label={`Top-k at position ${p.index}`}>
      <p className="out-topk-summary">
        <strong>position {p.index}</strong>
        {isFirst && firstDivergence && <span className="badge bad">first divergence: {DIVERGENCE_REASONS[firstDivergence.reason] ?? firstDivergence.reason}</span>}
        {p.tokenMismatch && <span className="badge bad">tokens differ</span>}
        <span title={DEFINITIONS.delta}>Δ {fmtDelta(p.delta)}</span>
        <span title={DEFINITIONS.absDelta}>|Δ| {fmtNum(p.absDelta)}</span>
        <span title={DEFINITIONS.rank}>
          rank A {p.rankA ?? "—"} · B {p.rankB ?? "—"}
        </span>
        <span title={DEFINITIONS.argmaxAgreement}>top-1 {p.argmaxAgree === null ? "n/a" : p.argmaxAgree ? "agrees" : "differs"}</span>
        <span title={DEFINITIONS.klAtPosition}>KL {fmtNum(p.klTopK)}</span>
      </p>
      <div className="out-topk-cols">
        <TopkList side="A" name={names.a} own={a} other={b} />
        <TopkList side="B" name={names.b} own={b} other={a} />
      </div>
    </section>
  );
}
