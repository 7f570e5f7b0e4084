/**
 * |Δ| → colour, in discrete bins so the legend reads as numbers. Bin edges follow the rules' scale:
 * 0.05 is sglang-ci's default tolerance. A missing Δ is its own bin (grey hatch in CSS): never the
 * colour of 0. Colours are literal (not CSS variables) so SVG attributes in the Plot can use them too.
 */

export type DeltaBin = {
  key: string;
  /** Legend text, e.g. "≤ 0.01". */
  label: string;
  /** Upper bound (inclusive); Infinity for the last bin, 0 for "exact". */
  max: number;
  color: string;
};

export const DELTA_BINS: readonly DeltaBin[] = [
  { key: "exact", label: "0", max: 0, color: "#22272f" },
  { key: "tiny", label: "≤ 0.001", max: 1e-3, color: "#1b3a2b" },
  { key: "small", label: "≤ 0.01", max: 1e-2, color: "#3a4a1e" },
  { key: "tol", label: "≤ 0.05", max: 0.05, color: "#5e4b12" },
  { key: "over", label: "≤ 0.2", max: 0.2, color: "#7a3a10" },
  { key: "large", label: "≤ 1", max: 1, color: "#8f2424" },
  { key: "huge", label: "> 1", max: Number.POSITIVE_INFINITY, color: "#b3173e" },
];

export const MISSING_BIN: DeltaBin = { key: "missing", label: "missing", max: Number.NaN, color: "#3a3f4b" };

/** Colours of the dark theme (app/globals.css) for SVG marks. */
export const THEME = {
  bg: "#0f1115",
  text: "#e6e8ee",
  muted: "#9aa3b2",
  border: "#2b303b",
  accent: "#6ea8fe",
  bad: "#f85149",
  ok: "#3fb950",
  warn: "#d29922",
} as const;

/** The bin of an absolute difference; null (or a non-finite value) is "missing". */
export function deltaBin(absDelta: number | null): DeltaBin {
  if (absDelta === null || !Number.isFinite(absDelta)) return MISSING_BIN;
  const abs = Math.abs(absDelta);
  for (const bin of DELTA_BINS) if (abs <= bin.max) return bin;
  return DELTA_BINS[DELTA_BINS.length - 1] as DeltaBin;
}
