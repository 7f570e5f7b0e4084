import type { RequestRecord } from "../schemas/stats";
import { finiteOrNull } from "./numbers";

/**
 * Per-request metric definitions (DESIGN.md "Benchmarks"; shown next to the numbers in the UI).
 * Only successful requests yield latency samples; a failed request counts in the error rate instead.
 */

/** TTFT = send → first chunk carrying a token, as the runner recorded it. */
export function ttftOf(r: RequestRecord): number | null {
  return r.ok ? finiteOrNull(r.ttftMs) : null;
}

/** E2E = send → last byte. */
export function e2eOf(r: RequestRecord): number | null {
  return r.ok ? finiteOrNull(r.e2eMs) : null;
}

/**
 * TPOT = (E2E − TTFT) / (output tokens − 1), from the server's token count; undefined (null) for one
 * output token or fewer, as in vLLM and SGLang.
 */
export function tpotOf(r: RequestRecord): number | null {
  const e2e = e2eOf(r);
  const ttft = ttftOf(r);
  if (e2e === null || ttft === null || r.outputTokens === null || r.outputTokens <= 1) return null;
  return (e2e - ttft) / (r.outputTokens - 1);
}

/**
 * ITL samples: for each token-carrying chunk after the first, the gap since the previous token-carrying
 * chunk divided by the tokens it brought, once per token (as SGLang's bench_serving does: a chunk of 3
 * tokens is 3 samples, so percentiles weigh tokens, not chunks, and the mean equals TPOT's when every
 * chunk is counted). TTFT is never inside an ITL sample (the old vLLM bug). Chunks without tokens (a
 * final usage chunk) are skipped, so their time falls into the next token's gap. `positions` gives each
 * sample's output position, for ITL-by-position charts.
 */
export function itlOf(r: RequestRecord): { valuesMs: number[]; positions: number[] } {
  const valuesMs: number[] = [];
  const positions: number[] = [];
  if (!r.ok) return { valuesMs, positions };
  const n = Math.min(r.chunkTimesMs.length, r.chunkTokens.length);
  let prevTime: number | null = null;
  let tokensBefore = 0;
  for (let i = 0; i < n; i++) {
    const tokens = r.chunkTokens[i] as number;
    if (tokens <= 0) continue;
    const t = r.chunkTimesMs[i] as number;
    if (prevTime !== null) {
      const gap = (t - prevTime) / tokens;
      for (let k = 0; k < tokens; k++) {
        valuesMs.push(gap);
        positions.push(tokensBefore + k);
      }
    }
    prevTime = t;
    tokensBefore += tokens;
  }
  return { valuesMs, positions };
}
