import { BENCHMARK_RUN_FORMAT, RunResult, type Fingerprint, type RunSeries, type RunStatus, type RunSummary, type TelemetrySeries } from "../../lib/schemas/benchmarkRun";
import { describeSpecError, type BenchmarkSpec } from "../../lib/schemas/benchmark";
import { comparable, sameInput } from "../../lib/report/sameInput";
import { seriesToRecords } from "../../lib/stats/seriesRecords";
import { tpotOf } from "../../lib/stats/requestMetrics";

/**
 * The run file (`bench run --out`, `--baseline`): the whole run as one JSON document, and its requests
 * as CSV for spreadsheets and pandas. A baseline is accepted only for the same request.
 */

export interface RunParts {
  id: string;
  benchmarkId: string | null;
  name: string;
  status: RunStatus;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  spec: BenchmarkSpec;
  fingerprint: Fingerprint | null;
  summary: RunSummary;
  telemetry: TelemetrySeries[];
  series: RunSeries[];
}

export function buildRunResult(p: RunParts): RunResult {
  return {
    format: BENCHMARK_RUN_FORMAT,
    version: 1,
    id: p.id,
    benchmarkId: p.benchmarkId,
    name: p.name,
    status: p.status,
    reason: p.reason,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt,
    requestHash: p.spec.requestHash,
    spec: p.spec,
    fingerprint: p.fingerprint,
    telemetry: p.telemetry,
    series: p.series,
    ...p.summary,
  };
}

export function parseRunFile(json: unknown): { ok: true; run: RunResult } | { ok: false; message: string } {
  const r = RunResult.safeParse(json);
  return r.success ? { ok: true, run: r.data } : { ok: false, message: `not a run file: ${describeSpecError(r.error)}` };
}

/** Comparisons need the same input: a baseline of another request or load, or with no level in common, is refused. */
export function checkBaseline(spec: BenchmarkSpec, baseline: RunResult): { ok: true } | { ok: false; message: string } {
  const same = sameInput(
    comparable(spec.name, spec),
    comparable(baseline.name, { ...baseline.spec, requestHash: baseline.requestHash }, baseline.levels.map((l) => l.level)),
  );
  if (!same.ok) return { ok: false, message: same.reason };
  // The CLI can rename backends (--a-name): a baseline whose backends none of this run's can be judged
  // against (same name, or same position when both have as many; lib/report/baseline) compares nothing.
  const mine = spec.backends.map((b) => b.name);
  const theirs = [...new Set(baseline.levels.flatMap((l) => l.backends.map((b) => b.name)))];
  if (!mine.some((n) => theirs.includes(n)) && mine.length !== theirs.length) {
    return { ok: false, message: `the baseline "${baseline.name}" measured ${theirs.map((n) => `"${n}"`).join(", ")}, this run ${mine.map((n) => `"${n}"`).join(", ")}: no backend to compare with (it needs one of the same name, or as many backends to pair by position)` };
  }
  return { ok: true };
}

const CSV_HEADER = [
  "backend",
  "level",
  "trial",
  "warmup",
  "request",
  "snapshot",
  "series_start_ms",
  "start_offset_ms",
  "send_lag_ms",
  "ttft_ms",
  "e2e_ms",
  "tpot_ms",
  "output_tokens",
  "prompt_tokens",
  "cached_tokens",
  "items",
  "chunks",
  "ok",
  "error_kind",
];

/**
 * One CSV field (RFC 4180). A text that a spreadsheet would run as a formula (=, +, -, @ first: a backend
 * named "=HYPERLINK(…)") gets a leading apostrophe; numbers are written as they are.
 */
function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per request, warmup included (flagged), in run order. start_offset_ms counts from its series'
 * start (backend, level, trial), and series_start_ms places that series on the run's clock, so rows of
 * backends run at the same time line up.
 */
export function seriesCsv(series: ReadonlyArray<RunSeries>): string {
  const lines = [CSV_HEADER.join(",")];
  for (const s of series) {
    const d = s.data;
    seriesToRecords(d).forEach((r, i) => {
      const tpot = tpotOf(r);
      lines.push(
        [
          s.backend,
          s.level,
          s.trial,
          s.warmup,
          i,
          d.snapshot[i],
          Math.round(s.startMs * 1000) / 1000,
          r.startOffsetMs,
          d.sendLagMs[i],
          r.ttftMs,
          r.e2eMs,
          tpot === null ? null : Math.round(tpot * 1000) / 1000,
          r.outputTokens,
          d.promptTokens[i],
          d.cachedTokens[i],
          r.items,
          r.chunkTimesMs.length,
          r.ok,
          r.errorKind,
        ]
          .map(cell)
          .join(","),
      );
    });
  }
  return `${lines.join("\n")}\n`;
}
