import { memo } from "react";
import type { PositionDiff } from "../../../../lib/schemas/diff";
import { deltaBin } from "./color";
import { fmtDelta } from "./format";
import { tokenLabel } from "./tokenText";
import { VisibleToken } from "./VisibleToken";

type Props = {
  p: PositionDiff;
  count: number;
  top: number;
  left: number;
  width: number;
  height: number;
  /** Show B's token on a second line (generated outputs, where the tokens may differ). */
  twoLines: boolean;
  tabbable: boolean;
  selected: boolean;
  first: boolean;
};

function chipLabel(p: PositionDiff, first: boolean): string {
  const a = tokenLabel(p.textA, p.idA);
  const tok = p.tokenMismatch ? `A ${a}, B ${tokenLabel(p.textB, p.idB)}, tokens differ` : a;
  const delta = p.delta === null ? "logprob missing" : `Δ ${fmtDelta(p.delta)}`;
  return `position ${p.index}: ${tok}, ${delta}${first ? ", first divergence" : ""}`;
}

/** One position of the strip: the token (escaped), coloured by |Δ|; missing is hatched, never the colour of 0. */
export const TokenChip = memo(function TokenChip({ p, count, top, left, width, height, twoLines, tabbable, selected, first }: Props) {
  const bin = deltaBin(p.absDelta);
  const cls = ["out-chip", `bin-${bin.key}`, p.tokenMismatch ? "mismatch" : "", first ? "first" : "", selected ? "selected" : ""].filter(Boolean).join(" ");
  return (
    <div
      role="option"
      className={cls}
      data-testid="token-chip"
      data-index={p.index}
      data-bin={bin.key}
      data-mismatch={p.tokenMismatch || undefined}
      data-first-divergence={first || undefined}
      aria-selected={selected}
      aria-posinset={p.index + 1}
      aria-setsize={count}
      aria-label={chipLabel(p, first)}
      tabIndex={tabbable ? 0 : -1}
      style={{ top, left, width, height, background: bin.key === "missing" ? undefined : bin.color }}
    >
      <span className="out-chip-a">
        <VisibleToken text={p.textA ?? (twoLines ? null : p.textB)} id={p.idA ?? (twoLines ? null : p.idB)} />
      </span>
      {twoLines && (
        <span className="out-chip-b">{p.tokenMismatch ? <VisibleToken text={p.textB} id={p.idB} /> : <span className="tk-mark">=</span>}</span>
      )}
    </div>
  );
});
