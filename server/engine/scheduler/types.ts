/** Engine-side request description, already validated and resolved (dialect-independent). */
export interface SamplingParams {
  maxNewTokens: number;
  minNewTokens: number;
  temperature: number;
  topP: number;
  topK: number;
  minP: number;
  frequencyPenalty: number;
  presencePenalty: number;
  repetitionPenalty: number;
  stop: string[];
  stopTokenIds: number[];
  ignoreEos: boolean;
  skipSpecialTokens: boolean;
  noStopTrim: boolean;
  samplingSeed: number | null;
}

export interface LogprobSpec {
  /** absolute prompt index of the first input logprob entry; == prompt length means none */
  startLen: number;
  topN: number;
  tokenIds: number[] | null;
}

/** Multi-item packing `query <D> item1 <D> … itemN <D>`; `inputIds` holds the packed sequence. */
export interface MultiItemLayout {
  queryLen: number;
  itemLens: number[];
}

export interface GenerationSpec {
  rid: string;
  inputIds: number[];
  sampling: SamplingParams;
  logprob: LogprobSpec | null;
  mis?: MultiItemLayout;
  /** label ids whose logprobs are read at each multi-item delimiter */
  misLabelIds?: number[];
  /** health-check probes: served like any request but kept out of the metrics (as SGLang does) */
  internal?: boolean;
}

/** [logprob, token id]; logprob null only for the first prompt position. */
export type TokenLogprob = [logprob: number | null, id: number];

export interface PositionLogprobs {
  token: TokenLogprob;
  top: TokenLogprob[] | null;
  ids: TokenLogprob[] | null;
}

export type FinishReason =
  | { type: "length"; length: number }
  | { type: "stop"; matched: number | string }
  | { type: "abort"; message: string; status_code: number | null; err_type: string | null };

export type RequestState = "waiting" | "prefill" | "decode" | "finished";
