import * as Plot from "@observablehq/plot";
import type { PositionDiff, TokenDiff } from "../../../../lib/schemas/diff";
import { THEME } from "./color";
import { fmtDelta, fmtNum } from "./format";
import { tokenLabel } from "./tokenText";

/** Above this many positions the per-position dots are left out: the line alone stays readable and fast. */
const DOTS_UP_TO = 600;

function tipText(p: PositionDiff): string {
  const tok = p.tokenMismatch ? `A ${tokenLabel(p.textA, p.idA)} / B ${tokenLabel(p.textB, p.idB)}` : tokenLabel(p.textA ?? p.textB, p.idA ?? p.idB);
  return `position ${p.index}  ${tok}\nA ${fmtNum(p.lpA)}  B ${fmtNum(p.lpB)}\nΔ ${fmtDelta(p.delta)}`;
}

const deltaOf = (p: PositionDiff): number => p.delta ?? Number.NaN;

/**
 * Marks of the Δ-by-position chart: the Δ line (missing positions are NaN, so the line breaks there),
 * grey ticks at missing positions, red ticks where the tokens differ, and a rule at the first
 * divergence. A pointer tip reads each compared position.
 */
export function deltaMarks(diff: TokenDiff): Plot.CompoundMark {
  const { positions, summary } = diff;
  const compared = positions.filter((p) => p.delta !== null);
  const missing = positions.filter((p) => p.delta === null);
  const mismatched = positions.filter((p) => p.tokenMismatch);
  const fd = summary.firstDivergence;
  return Plot.marks(
    Plot.ruleY([0], { stroke: THEME.muted, strokeOpacity: 0.5 }),
    Plot.tickX(missing, { x: "index", stroke: THEME.muted, strokeOpacity: 0.3 }),
    Plot.tickX(mismatched, { x: "index", stroke: THEME.bad, strokeOpacity: 0.5 }),
    Plot.lineY(positions, { x: "index", y: deltaOf, stroke: THEME.accent, strokeWidth: 1 }),
    compared.length <= DOTS_UP_TO ? Plot.dot(compared, { x: "index", y: "delta", r: 1.8, fill: THEME.accent }) : null,
    fd ? Plot.ruleX([fd.position], { stroke: THEME.warn, strokeWidth: 1.5 }) : null,
    fd
      ? Plot.text([fd.position], { x: (d: number) => d, frameAnchor: "top", dy: 2, dx: 4, textAnchor: "start", fill: THEME.warn, stroke: THEME.bg, strokeWidth: 3, text: (d: number) => `first divergence ${d}` })
      : null,
    Plot.tip(compared, Plot.pointerX({ x: "index", y: "delta", title: tipText, fill: "#171a21", stroke: THEME.border })),
  );
}

/** Complete Plot options for the chart (shared by the client component and the SVG render test). */
export function deltaPlotOptions(diff: TokenDiff, width: number, height = 150): Plot.PlotOptions {
  const n = Math.max(1, diff.positions.length);
  return {
    width,
    height,
    marginLeft: 56,
    marginTop: 16,
    style: { background: "transparent", color: THEME.muted, fontSize: "11px" },
    x: { domain: [-0.5, n - 0.5], label: "position", tickFormat: "d" },
    y: { label: "Δ logprob (B − A)", grid: true, nice: true },
    ariaLabel: "Δ logprob (B − A) by position",
    ariaDescription: `${diff.summary.compared} compared positions, ${diff.summary.missing.either} missing (shown as grey ticks), ${diff.summary.tokenMismatches} token mismatches (red ticks).`,
    marks: [deltaMarks(diff)],
  };
}
