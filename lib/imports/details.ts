import type { BackendErrorKind } from "../schemas/backend";
import type { SeriesData } from "../schemas/benchmarkRun";
import { appendToSeries, emptySeries } from "../stats/seriesRecords";
import { numberField } from "./pythonJson";

/**
 * Per-request arrays of `--output-details` (bench_serving) / `--save-detailed` (vLLM) as a series:
 * `ttfts` and `itls` are seconds; `errors` holds "" for a success. The files carry no send times (offsets
 * are 0: the timeline cannot be drawn) and no per-request latency, so E2E is TTFT + Σ ITL, i.e. up to the
 * last chunk. Tokens per chunk are unknown: each chunk counts as one, so ITL is the raw gap between
 * chunks — which is how both tools define ITL.
 */
export interface DetailsOutcome {
  series: SeriesData;
  notes: string[];
}

const seconds = (v: unknown): number | null => {
  const n = numberField(v);
  return n !== null && Number.isFinite(n) ? n * 1000 : null;
};

function errorKind(message: string): BackendErrorKind {
  if (/time ?out|timed out/i.test(message)) return "timeout";
  if (/connect|refused|unreachable|reset/i.test(message)) return "unreachable";
  return "http";
}

function arrayOf(raw: Record<string, unknown>, key: string): unknown[] | null {
  const v = raw[key];
  return Array.isArray(v) ? v : null;
}

export function seriesFromDetails(raw: Record<string, unknown>): DetailsOutcome | null {
  const ttfts = arrayOf(raw, "ttfts");
  const itls = arrayOf(raw, "itls");
  if (!ttfts || !itls) return null;
  const outputLens = arrayOf(raw, "output_lens");
  const inputLens = arrayOf(raw, "input_lens");
  const errors = arrayOf(raw, "errors");
  const cached = arrayOf(raw, "cached_tokens");
  const d = emptySeries();
  let chunkMismatch = 0;
  for (let i = 0; i < ttfts.length; i++) {
    const ttft = seconds(ttfts[i]);
    const gaps = (Array.isArray(itls[i]) ? (itls[i] as unknown[]) : []).map(seconds).filter((x): x is number => x !== null);
    const out = outputLens ? numberField(outputLens[i]) : null;
    const message = errors && typeof errors[i] === "string" ? (errors[i] as string) : "";
    const ok = message === "" && ttft !== null && ttft > 0;
    const chunkTimes: number[] = [];
    if (ttft !== null && ok) {
      let t = ttft;
      chunkTimes.push(t);
      for (const g of gaps) chunkTimes.push((t += g));
    }
    if (ok && out !== null && out !== chunkTimes.length) chunkMismatch++;
    appendToSeries(d, {
      startOffsetMs: 0,
      ttftMs: ok ? ttft : null,
      e2eMs: ok ? (chunkTimes.at(-1) ?? null) : null,
      chunkTimesMs: chunkTimes,
      chunkTokens: chunkTimes.map(() => 1),
      outputTokens: ok && out !== null ? out : null,
      promptTokens: inputLens ? numberField(inputLens[i]) : null,
      cachedTokens: cached ? numberField(cached[i]) : null,
      items: 0,
      ok,
      errorKind: ok ? null : errorKind(message),
      snapshot: 0,
      sendLagMs: 0,
      error: ok ? null : { kind: errorKind(message), message: message || "the tool recorded no first token for this request" },
    });
  }
  const notes = ["per-request data has no send times: the timeline is not drawn", "E2E per request = TTFT + Σ ITL (up to the last chunk; the file has no per-request latency)"];
  if (chunkMismatch > 0) notes.push(`${chunkMismatch} requests streamed a different number of chunks than output tokens: ITL there is the gap between chunks, not per token`);
  return { series: d, notes };
}
