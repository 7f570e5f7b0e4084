import { DEFINITIONS } from "./definitions";
import { DELTA_BINS } from "./color";

/** What the colours, hatching and outlines of the strip (or the score table) mean. */
export function ColorLegend({ what = "|Δ|", definition = DEFINITIONS.absDelta, tokenMarks = true }: { what?: string; definition?: string; tokenMarks?: boolean }) {
  return (
    <ul className="out-legend" aria-label={`Colour legend for ${what}`} data-testid="color-legend">
      <li className="out-legend-title" title={definition}>
        {what}
      </li>
      {DELTA_BINS.map((bin) => (
        <li key={bin.key}>
          <span className="out-swatch" style={{ background: bin.color }} aria-hidden="true" />
          {bin.label}
        </li>
      ))}
      <li title={DEFINITIONS.missing}>
        <span className="out-swatch bin-missing" aria-hidden="true" />
        missing
      </li>
      {tokenMarks && (
        <li title={DEFINITIONS.tokenMismatches}>
          <span className="out-swatch mismatch" aria-hidden="true" />
          tokens differ
        </li>
      )}
      {tokenMarks && (
        <li title={DEFINITIONS.firstDivergence}>
          <span className="out-swatch first" aria-hidden="true" />
          first divergence
        </li>
      )}
    </ul>
  );
}
