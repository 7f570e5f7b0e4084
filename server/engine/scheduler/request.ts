import type { KvCache } from "../model/kvCache";
import { mulberry32 } from "../model/weights";
import { causalLayout, multiItemLayout, type SequenceLayout } from "./layout";
import type { FinishReason, GenerationSpec, PositionLogprobs, RequestState, TokenLogprob } from "./types";

/** Timestamps (ms, performance.now clock) the metrics and meta_info need. */
export interface RequestTimes {
  received: number;
  scheduled: number | null;
  prefillDone: number | null;
  firstToken: number | null;
  lastToken: number | null;
  finished: number | null;
}

/** One request inside the scheduler: its spec plus everything produced so far. */
export class EngineRequest {
  state: RequestState = "waiting";
  readonly tokens: number[];
  readonly outputIds: number[] = [];
  finishReason: FinishReason | null = null;
  cachedTokens = 0;
  kv: KvCache | null = null;
  /** next prompt index to prefill */
  prefillCursor = 0;
  readonly layout: SequenceLayout;
  readonly inputLogprobs: PositionLogprobs[] = [];
  readonly outputLogprobs: PositionLogprobs[] = [];
  /** label logprobs read at each multi-item delimiter (N+1 entries, first = after the bare query) */
  readonly misReadouts: TokenLogprob[][] = [];
  /** next-token distribution after the prompt when no token was generated (max_new_tokens 0) */
  promptNextLogprobs: PositionLogprobs | null = null;
  readonly tokenCounts = new Map<number, number>();
  readonly rand: () => number;
  readonly times: RequestTimes;
  /** cut point for `text` when a stop string matched (no_stop_trim false) */
  stopTextEnd: number | null = null;
  /** KV slots this request may use (prompt + max_new_tokens), held against the pool */
  readonly reservedTokens: number;
  private readonly listeners: ((r: EngineRequest) => void)[] = [];

  constructor(
    readonly spec: GenerationSpec,
    seed: number,
    now: number,
  ) {
    this.tokens = [...spec.inputIds];
    this.layout = spec.mis ? multiItemLayout(this.tokens, spec.mis) : causalLayout(this.tokens);
    this.rand = mulberry32(seed);
    this.times = { received: now, scheduled: null, prefillDone: null, firstToken: null, lastToken: null, finished: null };
    this.reservedTokens = spec.inputIds.length + spec.sampling.maxNewTokens;
  }

  get promptLength(): number {
    return this.spec.inputIds.length;
  }

  get finished(): boolean {
    return this.state === "finished";
  }

  onUpdate(listener: (r: EngineRequest) => void): void {
    this.listeners.push(listener);
  }

  notify(): void {
    for (const l of this.listeners) l(this);
  }
}
