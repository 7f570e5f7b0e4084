import type { BackendConfig, BackendError } from "../../lib/schemas/backend";
import type { TokenSequence } from "../../lib/schemas/tokens";
import type { HttpSpec } from "./http";
import { idsAsPositions, isDeltaChunk, outputPositions, toCount, toFinishReason } from "./normalize";
import { requestStream, type EventVerdict } from "./stream";
import type { FinishReason, GenerateOptions, GenerateResult, Outcome } from "./types";
import { GenerateObject, parseWire, StreamErrorEvent } from "./wire";

/**
 * Folds stream chunks into one result. Both servers send cumulative chunks by default (text, ids and
 * logprob lists so far); sglang's --incremental-streaming-output sends deltas. A chunk is a delta when
 * its list is shorter than the server's cumulative completion_tokens and extends what we hold to it.
 */
class StreamState {
  tokens: TokenSequence = [];
  text = "";
  finishReason: FinishReason | null = null;
  promptTokens: number | null = null;
  completionTokens: number | null = null;

  apply(chunk: GenerateObject): number {
    const meta = chunk.meta_info;
    let positions = outputPositions(meta);
    if (positions.length === 0 && chunk.output_ids) {
      positions = idsAsPositions(chunk.output_ids);
    }
    const total = toCount(meta.completion_tokens);
    const before = this.tokens.length;
    if (isDeltaChunk(before, positions.length, total)) {
      this.tokens = [...this.tokens, ...positions];
      this.text += chunk.text ?? "";
    } else {
      if (positions.length >= before) this.tokens = positions;
      if (chunk.text !== undefined) this.text = chunk.text;
    }
    this.promptTokens = toCount(meta.prompt_tokens) ?? this.promptTokens;
    this.completionTokens = total ?? this.completionTokens;
    this.finishReason = toFinishReason(meta.finish_reason) ?? this.finishReason;
    return this.tokens.length - before;
  }

  result(latencyMs: number, exchanges: GenerateResult["exchanges"]): GenerateResult {
    return {
      tokens: this.tokens,
      text: this.text,
      finishReason: this.finishReason,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      latencyMs,
      exchanges,
      nonFinite: 0,
    };
  }
}

/** Streams /generate, reporting progress per event; a failure keeps the tokens that arrived. */
export async function streamGenerate(
  backend: BackendConfig,
  opts: GenerateOptions,
  spec: HttpSpec,
): Promise<Outcome<GenerateResult, GenerateResult>> {
  const state = new StreamState();
  const what = `${spec.method} ${spec.path}`;
  const onEvent = (data: unknown): EventVerdict => {
    const err = StreamErrorEvent.safeParse(data);
    if (err.success) {
      const e = err.data.error;
      const message = typeof e === "string" ? e : e.message;
      return { error: { kind: "http", status: 200, message: `${what}: the server reported an error mid-stream: ${message}` } };
    }
    const chunk = parseWire(GenerateObject, data, what);
    if (!chunk.ok) return { error: chunk.error };
    const added = state.apply(chunk.value);
    opts.onProgress?.({ tokens: state.tokens, text: state.text, added });
    if (state.finishReason?.type === "abort") {
      const error: BackendError = { kind: "http", status: 200, message: `${what}: the server aborted the generation: ${state.finishReason.detail ?? "no reason given"}` };
      return { error };
    }
    return { tokens: added };
  };
  const r = await requestStream(backend, spec, opts, onEvent);
  if (!r.ok) {
    return { ok: false, error: r.error, latencyMs: r.latencyMs, exchanges: [r.exchange], partial: state.result(r.latencyMs ?? 0, [r.exchange]) };
  }
  return { ok: true, ...state.result(r.latencyMs, [r.exchange]) };
}
