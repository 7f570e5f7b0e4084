import type { Interval } from "../schemas/stats";

/**
 * Number formatting shared by the results page, markdown and HTML reports. A missing value is shown as
 * "—" (never 0): the reader must be able to tell "not measured" from "zero".
 */
export const MISSING = "—";

export function fmtNum(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  const abs = Math.abs(v);
  const d = abs >= 1000 ? 0 : abs >= 100 ? Math.min(digits, 1) : digits;
  return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function fmtMs(v: number | null | undefined): string {
  return v === null || v === undefined ? MISSING : `${fmtNum(v, v < 10 ? 2 : 1)} ms`;
}

/**
 * A stored instant as "2026-12-03 10:46 UTC": the same text on the server and in every browser (pages
 * render on the server too), with its zone said, so a run's time reads the same in a share and in CI logs.
 */
export function fmtUtc(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : MISSING;
}

export function fmtInterval(ci: Interval | undefined, digits = 1): string {
  return ci ? `[${fmtNum(ci[0], digits)}, ${fmtNum(ci[1], digits)}]` : MISSING;
}

/** "12.3 [11.9, 12.8]", or the value alone when there is no interval. */
export function fmtWithCi(v: number | null | undefined, ci: Interval | undefined, digits = 1): string {
  if (v === null || v === undefined) return MISSING;
  return ci ? `${fmtNum(v, digits)} ${fmtInterval(ci, digits)}` : fmtNum(v, digits);
}

export function fmtPct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? MISSING : `${(v * 100).toFixed(digits)}%`;
}

/** A signed change, e.g. "+12.5%". */
export function fmtChangePct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  return `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(digits)}%`;
}

export function fmtSigned(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  return `${v >= 0 ? "+" : "−"}${fmtNum(Math.abs(v), digits)}`;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  if (ms < 1000) return "under 1 s";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** "1.5 MB", "12 KB", "300 B" (binary units, as file sizes are shown). */
export function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} B`;
}
