import type { ReferenceEngine } from "../engine";
import type { EngineRequest } from "../scheduler/request";
import type { PositionLogprobs, TokenLogprob } from "../scheduler/types";
import type { DialectProfile } from "./dialectProfile";
import type { OutputOptions } from "./generateRequest";

type Tuple = [number | null, number, string | null];

/** Unix time (s) of a performance.now() timestamp. */
const unix = (ms: number) => (performance.timeOrigin + ms) / 1000;

/**
 * Builds the `/generate` object `{text, output_ids, meta_info}` for one request in the dialect's
 * key set. `final` adds e2e_latency (and [S] response_sent_to_client_ts), as on the last chunk.
 */
export function generateOutput(
  engine: ReferenceEngine,
  profile: DialectProfile,
  r: EngineRequest,
  output: OutputOptions,
  returnTextInLogprobs: boolean,
  final: boolean,
): Record<string, unknown> {
  const tk = engine.tokenizer;
  const tuple = ([lp, id]: TokenLogprob): Tuple => [lp, id, returnTextInLogprobs ? tk.tokenText(id) : null];
  const sglang = profile.dialect === "sglang";
  const meta: Record<string, unknown> = {
    id: r.spec.rid,
    finish_reason: r.finished ? r.finishReason : null,
    prompt_tokens: r.promptLength,
  };
  if (sglang) {
    meta.weight_version = "default";
    meta.total_retractions = 0;
  }
  if (output.returnLogprob) {
    const outputs: PositionLogprobs[] = r.promptNextLogprobs ? [r.promptNextLogprobs] : r.outputLogprobs;
    meta.input_token_logprobs = r.inputLogprobs.map((p) => tuple(p.token));
    meta.output_token_logprobs = r.outputLogprobs.map((p) => tuple(p.token));
    if (sglang) meta.output_token_logprobs_length = r.outputLogprobs.length;
    if (output.topLogprobsNum > 0) {
      meta.input_top_logprobs = r.inputLogprobs.map((p) => (p.top ? p.top.map(tuple) : null));
      meta.output_top_logprobs = outputs.map((p) => (p.top ? p.top.map(tuple) : null));
    }
    if (output.tokenIdsLogprob) {
      meta.input_token_ids_logprobs = r.inputLogprobs.map((p) => (p.ids ? p.ids.map(tuple) : null));
      meta.output_token_ids_logprobs = outputs.map((p) => (p.ids ? p.ids.map(tuple) : null));
    }
  }
  if (sglang) meta.reasoning_tokens = 0;
  meta.completion_tokens = r.outputIds.length;
  meta.cached_tokens = r.cachedTokens;
  if (sglang) meta.cached_tokens_details = { device: r.cachedTokens, host: 0 };
  else meta.cache_miss_count = 0;
  if (sglang && engine.settings.enableMetrics) Object.assign(meta, timingKeys(r));
  if (final) {
    meta.e2e_latency = ((r.times.finished ?? performance.now()) - r.times.received) / 1000;
    if (sglang) meta.response_sent_to_client_ts = Date.now() / 1000;
  }
  return { text: outputText(engine, r), output_ids: [...r.outputIds], meta_info: meta };
}

/** Output text: decoded ids, minus a matched stop token, cut at a matched stop string. */
function outputText(engine: ReferenceEngine, r: EngineRequest): string {
  const p = r.spec.sampling;
  let ids: readonly number[] = r.outputIds;
  const reason = r.finishReason;
  if (reason?.type === "stop" && typeof reason.matched === "number" && !p.noStopTrim) ids = ids.slice(0, -1);
  const text = engine.tokenizer.decode(ids, p.skipSpecialTokens);
  return r.stopTextEnd !== null ? text.slice(0, r.stopTextEnd) : text;
}

/** [S] request timing keys, present only with --enable-metrics (`req_time_stats.py`). */
function timingKeys(r: EngineRequest): Record<string, number | null> {
  const t = r.times;
  return {
    request_received_ts: unix(t.received),
    queue_time: t.scheduled !== null ? (t.scheduled - t.received) / 1000 : null,
    forward_entry_time: t.scheduled !== null ? unix(t.scheduled) : null,
    prefill_finished_time: t.prefillDone !== null ? unix(t.prefillDone) : null,
    inference_time: t.scheduled !== null && t.finished !== null ? (t.finished - t.scheduled) / 1000 : null,
  };
}
