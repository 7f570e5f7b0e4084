import type { ReferenceModel } from "../model/referenceModel";
import { firstPosition, recordPosition } from "./logprobRecorder";
import type { PrefixCache } from "./prefixCache";
import type { EngineRequest } from "./request";
import { Sampler } from "./sampler";
import { bannedTokens, finishAfterToken } from "./stopConditions";
import type { FinishReason } from "./types";

export interface SchedulerOptions {
  maxRunningRequests: number;
  /** KV pool size in tokens; a request holds prompt + max_new_tokens of it while running */
  maxTotalTokens: number;
  /** prefill work per step, in token forwards (a position that needs logits counts LOGITS_COST) */
  chunkedPrefillSize: number;
  stepDelayMs: number;
}

export interface StepInfo {
  kind: "prefill" | "decode";
  startMs: number;
  durationMs: number;
  batchSize: number;
  /** tokens forwarded in this step */
  tokens: number;
  /** prefill only: prompt tokens served from the prefix cache by requests that started this step */
  cachedTokens: number;
}

/** Hooks for metrics and the profiler; the scheduler knows nothing about either. */
export interface SchedulerObserver {
  onStep?(info: StepInfo): void;
  onFirstToken?(r: EngineRequest): void;
  /** a decode step produced a token `gapMs` after the request's previous one */
  onToken?(r: EngineRequest, gapMs: number): void;
  onFinish?(r: EngineRequest): void;
}

const LOGITS_COST = 4;

/**
 * Continuous batching: a waiting queue and a running batch; each step is either one chunk of
 * prefill for newly admitted requests or one decode token for every running request. Steps are
 * scheduled with setImmediate (or a timer with --step-delay-ms) so HTTP stays responsive.
 */
export class Scheduler {
  readonly waiting: EngineRequest[] = [];
  running: EngineRequest[] = [];
  private reserved = 0;
  private pending = false;
  private closed = false;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private readonly sampler: Sampler;
  private readonly hidden: Float32Array;
  private readonly lp: Float32Array;
  private readonly eos: number;
  private readonly observers: SchedulerObserver[] = [];
  private stepWaiters: (() => void)[] = [];

  constructor(
    private readonly model: ReferenceModel,
    private readonly prefixCache: PrefixCache | null,
    readonly opts: SchedulerOptions,
  ) {
    this.sampler = new Sampler(model.cfg.vocabSize);
    this.hidden = new Float32Array(model.cfg.dModel);
    this.lp = new Float32Array(model.cfg.vocabSize);
    this.eos = model.tokenizer.special("<|eos|>");
  }

  observe(o: SchedulerObserver): void {
    this.observers.push(o);
  }

  submit(r: EngineRequest): void {
    if (this.closed) {
      this.finish(r, { type: "abort", message: "The server is shutting down.", status_code: 503, err_type: null });
      r.notify();
      return;
    }
    this.waiting.push(r);
    this.kick();
  }

  abort(r: EngineRequest, message = "Abort request."): void {
    if (r.finished) return;
    const w = this.waiting.indexOf(r);
    if (w >= 0) this.waiting.splice(w, 1);
    this.finish(r, { type: "abort", message, status_code: null, err_type: null });
    this.running = this.running.filter((x) => x !== r);
    r.notify();
  }

  /** Resolves after the next scheduler step (used by health checks on a busy server). */
  nextStep(): Promise<void> {
    return new Promise((resolve) => this.stepWaiters.push(resolve));
  }

  /** KV slots currently written by running requests. */
  get usedTokens(): number {
    let n = 0;
    for (const r of this.running) n += r.kv?.length ?? 0;
    return n;
  }

  get idle(): boolean {
    return this.waiting.length === 0 && this.running.length === 0;
  }

  flushCache(): boolean {
    if (!this.idle) return false;
    this.prefixCache?.clear();
    return true;
  }

  close(): void {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    for (const r of [...this.waiting, ...this.running]) this.abort(r, "The server is shutting down.");
  }

  private kick(): void {
    if (this.pending || this.closed || this.idle) return;
    this.pending = true;
    const run = () => {
      this.pending = false;
      this.timer = null;
      this.step();
    };
    this.timer = this.opts.stepDelayMs > 0 ? setTimeout(run, this.opts.stepDelayMs) : setImmediate(run);
  }

  private step(): void {
    const changed = new Set<EngineRequest>();
    try {
      const admittedCached = this.admit();
      const prefilling = this.running.filter((r) => r.state === "prefill");
      if (prefilling.length > 0) this.prefillStep(prefilling, changed, admittedCached);
      else {
        const decoding = this.running.filter((r) => r.state === "decode");
        if (decoding.length > 0) this.decodeStep(decoding, changed);
      }
    } catch (err) {
      // A bug must not take the server down: fail the requests in flight, keep serving.
      const message = `Internal server error: ${err instanceof Error ? err.message : String(err)}`;
      for (const r of this.running) {
        this.finish(r, { type: "abort", message, status_code: 500, err_type: "InternalServerError" });
        changed.add(r);
      }
    }
    this.running = this.running.filter((r) => !r.finished);
    for (const r of changed) r.notify();
    const waiters = this.stepWaiters;
    this.stepWaiters = [];
    for (const w of waiters) w();
    this.kick();
  }

  /** Moves waiting requests into the running batch while slots and KV budget allow. */
  private admit(): number {
    let cached = 0;
    while (this.waiting.length > 0 && this.running.length < this.opts.maxRunningRequests) {
      const r = this.waiting[0]!;
      if (this.reserved + r.reservedTokens > this.opts.maxTotalTokens && this.running.length > 0) break;
      this.waiting.shift();
      this.reserved += r.reservedTokens;
      r.state = "prefill";
      r.times.scheduled = performance.now();
      r.kv = this.model.newCache(Math.min(r.reservedTokens, 256));
      const spec = r.spec;
      if (this.prefixCache && !spec.mis) {
        // Positions whose logits are needed must be computed, so the reusable prefix ends before them.
        const limit = Math.min(r.promptLength - 1, spec.logprob ? spec.logprob.startLen : Infinity);
        r.cachedTokens = this.prefixCache.load(r.tokens, limit, r.kv);
        r.prefillCursor = r.cachedTokens;
        cached += r.cachedTokens;
      }
      if (spec.logprob && spec.logprob.startLen < r.promptLength) r.inputLogprobs.push(firstPosition(r.tokens[spec.logprob.startLen]!));
      this.running.push(r);
    }
    return cached;
  }

  private needsLogits(r: EngineRequest, i: number, readAt: Set<number>): boolean {
    if (r.spec.mis) return readAt.has(i);
    const lp = r.spec.logprob;
    return i === r.promptLength - 1 || (lp !== null && i >= lp.startLen && i <= r.promptLength - 2);
  }

  private prefillStep(reqs: EngineRequest[], changed: Set<EngineRequest>, cachedTokens: number): void {
    const start = performance.now();
    const { transformer, head } = this.model;
    let budget = this.opts.chunkedPrefillSize;
    let tokens = 0;
    let batch = 0;
    for (const r of reqs) {
      if (budget <= 0) break;
      batch++;
      const readAt = new Set(r.layout.readPositions);
      const len = r.promptLength;
      while (r.prefillCursor < len && budget > 0) {
        const i = r.prefillCursor;
        const wantLogits = this.needsLogits(r, i, readAt);
        transformer.forward(r.kv!, r.tokens[i]!, i, r.layout.position(i), r.layout.ranges(i), wantLogits ? this.hidden : undefined);
        if (wantLogits) {
          head.logprobs(this.hidden, r.layout.context(i), this.lp);
          this.afterPromptPosition(r, i, readAt);
        }
        r.prefillCursor++;
        tokens++;
        budget -= wantLogits ? LOGITS_COST : 1;
      }
      if (r.prefillCursor >= len) this.finishPrefill(r);
      changed.add(r);
    }
    this.emitStep({ kind: "prefill", startMs: start, durationMs: performance.now() - start, batchSize: batch, tokens, cachedTokens });
  }

  private afterPromptPosition(r: EngineRequest, i: number, readAt: Set<number>): void {
    const spec = r.spec;
    const lp = this.lp;
    if (spec.mis) {
      if (readAt.has(i)) r.misReadouts.push((spec.misLabelIds ?? []).map((id) => [lp[id]!, id]));
      return;
    }
    if (spec.logprob && i >= spec.logprob.startLen && i <= r.promptLength - 2) {
      r.inputLogprobs.push(recordPosition(lp, r.tokens[i + 1]!, spec.logprob));
    }
    if (i !== r.promptLength - 1) return;
    if (spec.sampling.maxNewTokens === 0) {
      if (spec.logprob) r.promptNextLogprobs = recordPosition(lp, argmax(lp), spec.logprob);
      return;
    }
    this.appendToken(r, this.sampler.sample(lp, spec.sampling, r.rand, r.tokenCounts, bannedTokens(r, this.eos)));
  }

  private finishPrefill(r: EngineRequest): void {
    r.times.prefillDone = performance.now();
    if (r.finished) return; // finish() already stored the KV
    if (this.prefixCache && !r.spec.mis) this.prefixCache.store(r.tokens, r.kv!);
    if (r.spec.sampling.maxNewTokens === 0 || r.spec.mis) this.finish(r, { type: "length", length: 0 });
    else r.state = "decode";
  }

  private decodeStep(reqs: EngineRequest[], changed: Set<EngineRequest>): void {
    const start = performance.now();
    const { transformer, head } = this.model;
    for (const r of reqs) {
      const i = r.tokens.length - 1;
      transformer.forward(r.kv!, r.tokens[i]!, i, i, r.layout.ranges(i), this.hidden);
      head.logprobs(this.hidden, r.layout.context(i), this.lp);
      this.appendToken(r, this.sampler.sample(this.lp, r.spec.sampling, r.rand, r.tokenCounts, bannedTokens(r, this.eos)));
      changed.add(r);
    }
    this.emitStep({ kind: "decode", startMs: start, durationMs: performance.now() - start, batchSize: reqs.length, tokens: reqs.length, cachedTokens: 0 });
  }

  private appendToken(r: EngineRequest, tok: number): void {
    const now = performance.now();
    if (r.spec.logprob) r.outputLogprobs.push(recordPosition(this.lp, tok, r.spec.logprob));
    r.outputIds.push(tok);
    r.tokens.push(tok);
    r.tokenCounts.set(tok, (r.tokenCounts.get(tok) ?? 0) + 1);
    if (r.times.lastToken !== null) for (const o of this.observers) o.onToken?.(r, now - r.times.lastToken);
    r.times.lastToken = now;
    if (r.times.firstToken === null) {
      r.times.firstToken = now;
      for (const o of this.observers) o.onFirstToken?.(r);
    }
    const tk = this.model.tokenizer;
    const reason = finishAfterToken(r, this.eos, this.model.cfg.contextLength, (ids, skip) => tk.decode(ids, skip));
    if (reason) this.finish(r, reason);
  }

  private finish(r: EngineRequest, reason: FinishReason): void {
    if (r.finished) return;
    r.finishReason = reason;
    r.state = "finished";
    r.times.finished = performance.now();
    if (r.times.scheduled !== null) this.reserved -= r.reservedTokens;
    if (r.kv && this.prefixCache && !r.spec.mis && reason.type !== "abort") this.prefixCache.store(r.tokens, r.kv);
    r.kv = null;
    for (const o of this.observers) o.onFinish?.(r);
  }

  private emitStep(info: StepInfo): void {
    for (const o of this.observers) o.onStep?.(info);
  }
}

function argmax(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}
