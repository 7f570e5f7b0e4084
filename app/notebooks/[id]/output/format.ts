/** Number formatting for the output views. Missing values read "missing", never 0. */

export const MISSING = "missing";

/** 4 decimals for ordinary magnitudes, scientific for tiny or huge ones. */
export function fmtNum(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  if (x === 0) return "0";
  const ax = Math.abs(x);
  return ax >= 1e-3 && ax < 1e5 ? x.toFixed(digits) : x.toExponential(2);
}

/** A signed difference: "+0.0123", "−0.0123" (true minus sign), "0". */
export function fmtDelta(x: number | null | undefined, digits = 4): string {
  const s = fmtNum(x, digits);
  if (s === MISSING || s === "0") return s;
  return (x as number) > 0 ? `+${s}` : `−${s.slice(1)}`;
}

export function fmtPct(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "n/a";
  const pct = fraction * 100;
  return `${pct === 100 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
}

export function fmtCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
