import type { BackendConfig, BackendError, BackendIdentity } from "../../lib/schemas/backend";
import type { Dialect } from "../../lib/schemas/dialect";
import type { Exchange } from "../../lib/schemas/exchange";
import type { FinishReason, NextToken } from "../../lib/schemas/cellRun";
import type { TokenSequence } from "../../lib/schemas/tokens";

export type { FinishReason, NextToken };

/** Options every adapter call takes. Timeouts are the caller's decision, never a global. */
export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A failed call, as data. `exchanges` keeps the evidence (request sent, raw answer, timings);
 * `partial` keeps what arrived before the failure (e.g. the tokens of a stream cut halfway).
 */
export type Failure<P = never> = {
  ok: false;
  error: BackendError;
  latencyMs: number | null;
  exchanges?: Exchange[];
  partial?: P;
};

/** Failures come back as data; adapters throw only on programming/configuration errors. */
export type Outcome<T, P = never> = ({ ok: true } & T) | Failure<P>;

/** What every successful call carries besides its payload. */
export interface Evidence {
  latencyMs: number;
  exchanges: Exchange[];
  /** NaN/±inf values the server sent (rewritten to null, i.e. missing). */
  nonFinite: number;
}

/** Token ids of texts, each tokenized as the server would a prompt (special tokens included). */
export interface Tokenized extends Evidence {
  ids: number[][];
  /** "tokenize" = the server's /tokenize; "generate-echo" = ids echoed by /generate's prompt logprobs. */
  method: "tokenize" | "generate-echo";
}

/** /v1/score in its token-id form. */
export interface ScoreRequest {
  query: number[];
  items: number[][];
  labelIds: number[];
  applySoftmax: boolean;
  itemFirst: boolean;
}

export interface ScoreResult extends Evidence {
  /** One list per item, in label order; null where the server gave null/NaN. */
  scores: (number | null)[][];
  /** usage.prompt_tokens when the server reports it (sglang), else null. */
  promptTokens: number | null;
}

export interface PromptLogprobsRequest {
  ids: number[];
  topK: number;
  labelIds: number[];
}

export interface PromptLogprobsResult extends Evidence {
  /** One position per prompt token; the first logprob is null (nothing predicts it). */
  tokens: TokenSequence;
  next: NextToken | null;
  promptTokens: number | null;
}

export interface SamplingParams {
  maxNewTokens: number;
  temperature: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stop?: string[];
}

export interface GenerateRequest {
  ids: number[];
  sampling: SamplingParams;
  topLogprobs: number;
}

export interface GenerateResult extends Evidence {
  tokens: TokenSequence;
  text: string;
  finishReason: FinishReason | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Live progress of a stream: everything received so far (already de-cumulated). */
export interface GenerateProgress {
  tokens: TokenSequence;
  text: string;
  /** tokens the latest event added. */
  added: number;
}

export interface GenerateOptions extends CallOptions {
  onProgress?: (p: GenerateProgress) => void;
}

export interface HealthAndIdentity {
  readonly dialect: Dialect;
  /** GET the dialect's health endpoint; ok when it answers 2xx in time. */
  health(backend: BackendConfig, opts: CallOptions): Promise<Outcome<{ latencyMs: number; exchanges: Exchange[] }>>;
  /** Reads server/model info and /v1/models; never throws, partial failures go into `errors`. */
  identity(backend: BackendConfig, opts: CallOptions): Promise<BackendIdentity>;
}

/**
 * One adapter per dialect: the only code that knows an SGLang wire format. Adapters differ only in
 * payload building and response mapping; HTTP, streams and timing are shared (http.ts, stream.ts).
 */
export interface Adapter extends HealthAndIdentity {
  /** The `model` a /v1/* request must carry: the backend's, else the served one where the dialect requires it. */
  model(backend: BackendConfig, opts: CallOptions): Promise<Outcome<{ model: string | null; exchanges: Exchange[] }>>;
  /** The server's tokenizer. A dialect without one answers `{ok:false, error.kind "invalid-input"}`. */
  tokenize(backend: BackendConfig, texts: string[], opts: CallOptions): Promise<Outcome<Tokenized>>;
  /** Ids as /generate's prompt logprobs echo them: the fallback when there is no tokenizer endpoint. */
  echoTokenize(backend: BackendConfig, texts: string[], opts: CallOptions): Promise<Outcome<Tokenized>>;
  score(backend: BackendConfig, req: ScoreRequest, opts: CallOptions): Promise<Outcome<ScoreResult>>;
  promptLogprobs(backend: BackendConfig, req: PromptLogprobsRequest, opts: CallOptions): Promise<Outcome<PromptLogprobsResult>>;
  generate(backend: BackendConfig, req: GenerateRequest, opts: GenerateOptions): Promise<Outcome<GenerateResult, GenerateResult>>;
}
