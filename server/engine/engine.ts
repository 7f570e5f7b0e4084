import type { Dialect } from "../../lib/schemas/dialect";
import type { Precision } from "./model/config";
import { loadReferenceModel, type ReferenceModel } from "./model/referenceModel";
import { EngineMetrics } from "./metrics";
import { StepProfiler } from "./profiler";
import { PrefixCache } from "./scheduler/prefixCache";
import { EngineRequest } from "./scheduler/request";
import { Scheduler } from "./scheduler/scheduler";
import type { GenerationSpec } from "./scheduler/types";

export interface EngineSettings {
  dialect: Dialect;
  precision: Precision;
  enableMis: boolean;
  maxRunningRequests: number;
  seed: number;
  stepDelayMs: number;
  enableMetrics: boolean;
  apiKey: string | null;
  host: string;
}

/** KV pool and scheduler sizes (reported by server_info like SGLang's server args). */
export const ENGINE_LIMITS = {
  maxTotalTokens: 65_536,
  chunkedPrefillSize: 256,
  prefixCacheBlockSize: 16,
  prefixCacheBlocks: 2_048,
};

/**
 * One running reference engine, independent of HTTP: model, scheduler, prefix cache, metrics and
 * profiler. Several engines in one process share the tokenizer, prior and weights.
 */
export class ReferenceEngine {
  readonly model: ReferenceModel;
  readonly scheduler: Scheduler;
  readonly prefixCache: PrefixCache | null;
  readonly metrics: EngineMetrics;
  readonly profiler: StepProfiler;
  readonly startedAt = Date.now();
  port = 0;
  private requestCounter = 0;

  constructor(readonly settings: EngineSettings) {
    this.model = loadReferenceModel(settings.precision);
    const cfg = this.model.cfg;
    // SGLang turns the radix cache off when multi-item scoring is on.
    this.prefixCache = settings.enableMis
      ? null
      : new PrefixCache(ENGINE_LIMITS.prefixCacheBlockSize, ENGINE_LIMITS.prefixCacheBlocks, cfg.nLayers, cfg.dModel);
    this.scheduler = new Scheduler(this.model, this.prefixCache, {
      maxRunningRequests: settings.maxRunningRequests,
      maxTotalTokens: ENGINE_LIMITS.maxTotalTokens,
      chunkedPrefillSize: ENGINE_LIMITS.chunkedPrefillSize,
      stepDelayMs: settings.stepDelayMs,
    });
    const scheduler = this.scheduler;
    this.metrics = new EngineMetrics({
      numRunning: () => scheduler.running.length,
      numQueued: () => scheduler.waiting.length,
      usedTokens: () => scheduler.usedTokens,
      maxTotalTokens: ENGINE_LIMITS.maxTotalTokens,
    });
    this.profiler = new StepProfiler(settings.dialect);
    this.scheduler.observe(this.metrics);
    this.scheduler.observe(this.profiler);
  }

  get tokenizer() {
    return this.model.tokenizer;
  }

  /**
   * Queues a request. Sampling randomness comes from `sampling_seed` when given, otherwise from the
   * server seed and a request counter (so unseeded sampling differs between requests, as on SGLang).
   */
  submit(spec: GenerationSpec): EngineRequest {
    const seed = spec.sampling.samplingSeed ?? mixSeed(this.settings.seed, ++this.requestCounter);
    const r = new EngineRequest(spec, seed, performance.now());
    this.scheduler.submit(r);
    return r;
  }

  /** Resolves when `r` finishes; aborts it if `signal` fires first. */
  wait(r: EngineRequest, signal?: AbortSignal): Promise<EngineRequest> {
    return new Promise((resolve) => {
      if (r.finished) return resolve(r);
      const onAbort = () => this.scheduler.abort(r, "The client closed the connection.");
      signal?.addEventListener("abort", onAbort, { once: true });
      r.onUpdate(() => {
        if (!r.finished) return;
        signal?.removeEventListener("abort", onAbort);
        resolve(r);
      });
    });
  }

  close(): void {
    this.scheduler.close();
  }
}

function mixSeed(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
