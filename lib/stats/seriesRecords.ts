import type { BackendError, BackendErrorKind } from "../schemas/backend";
import type { SeriesData } from "../schemas/benchmarkRun";
import type { RequestRecord } from "../schemas/stats";

/**
 * Column-wise request series (how runs are stored) to and from RequestRecord (what lib/stats reads).
 * Times are kept to the microsecond: finer digits are clock noise and only make the JSON longer.
 */

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const round3OrNull = (x: number | null): number | null => (x === null ? null : round3(x));

/** Distinct error messages kept per series, with counts. */
const MAX_ERROR_MESSAGES = 20;

export function emptySeries(): SeriesData {
  return {
    startOffsetMs: [],
    ttftMs: [],
    e2eMs: [],
    chunkTimesMs: [],
    chunkTokens: [],
    outputTokens: [],
    promptTokens: [],
    cachedTokens: [],
    items: [],
    ok: [],
    errorKind: [],
    snapshot: [],
    sendLagMs: [],
    errors: [],
  };
}

/** One measured request with everything a series column holds. */
export interface SeriesEntry extends RequestRecord {
  promptTokens: number | null;
  cachedTokens: number | null;
  snapshot: number;
  sendLagMs: number;
  error: BackendError | null;
}

export function appendToSeries(d: SeriesData, e: SeriesEntry): void {
  d.startOffsetMs.push(round3(e.startOffsetMs));
  d.ttftMs.push(round3OrNull(e.ttftMs));
  d.e2eMs.push(round3OrNull(e.e2eMs));
  d.chunkTimesMs.push(e.chunkTimesMs.map(round3));
  d.chunkTokens.push(e.chunkTokens.slice());
  d.outputTokens.push(e.outputTokens);
  d.promptTokens.push(e.promptTokens);
  d.cachedTokens.push(e.cachedTokens);
  d.items.push(e.items);
  d.ok.push(e.ok);
  d.errorKind.push(e.errorKind);
  d.snapshot.push(e.snapshot);
  d.sendLagMs.push(round3(e.sendLagMs));
  if (e.error) countError(d, e.error.kind, e.error.message);
}

function countError(d: SeriesData, kind: BackendErrorKind, message: string): void {
  const known = d.errors.find((x) => x.kind === kind && x.message === message);
  if (known) known.count++;
  else if (d.errors.length < MAX_ERROR_MESSAGES) d.errors.push({ kind, message, count: 1 });
}

export function seriesLength(d: SeriesData): number {
  return d.startOffsetMs.length;
}

export function seriesToRecords(d: SeriesData): RequestRecord[] {
  const out: RequestRecord[] = new Array(seriesLength(d));
  for (let i = 0; i < out.length; i++) {
    out[i] = {
      startOffsetMs: d.startOffsetMs[i] as number,
      ttftMs: d.ttftMs[i] ?? null,
      e2eMs: d.e2eMs[i] ?? null,
      chunkTimesMs: d.chunkTimesMs[i] ?? [],
      chunkTokens: d.chunkTokens[i] ?? [],
      outputTokens: d.outputTokens[i] ?? null,
      items: d.items[i] ?? 0,
      ok: d.ok[i] ?? false,
      errorKind: d.errorKind[i] ?? null,
    };
  }
  return out;
}

/**
 * Trials of one level laid end to end in time: trial k's offsets move past the last completion of
 * trial k − 1, so pooled throughput is Σ completions ÷ Σ trial durations and latencies pool as they are.
 */
export function concatTrials(trials: ReadonlyArray<ReadonlyArray<RequestRecord>>): RequestRecord[] {
  const out: RequestRecord[] = [];
  let shift = 0;
  for (const records of trials) {
    if (records.length === 0) continue;
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const r of records) {
      start = Math.min(start, r.startOffsetMs);
      end = Math.max(end, r.startOffsetMs + (r.e2eMs ?? 0));
    }
    const by = shift - start;
    for (const r of records) out.push({ ...r, startOffsetMs: r.startOffsetMs + by });
    shift += end - start;
  }
  return out;
}
