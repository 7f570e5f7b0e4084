import { EventEmitter, on } from "node:events";
import type { HealthStatus } from "../lib/schemas/backend";
import type { BenchProgress } from "../lib/schemas/benchmarkRun";
import type { CellRunEnvelope } from "./notebooks/cellJobs";

/**
 * The studio's one event bus. Topics and payloads are typed here; producers call `publish`, tRPC
 * subscriptions call `subscribe` (an async iterable that ends when the signal aborts).
 * Created by the server at start and passed through the context: no module-level state.
 */
export interface Topics {
  health: HealthStatus;
  backendsChanged: { at: string };
  /** Every message of every cell run, keyed by `runId` (watchers filter on it). */
  cellRun: CellRunEnvelope;
  /** Benchmark runs: status changes and per backend/level progress, keyed by `runId`. */
  benchProgress: BenchProgress;
}

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open browser tab holds one listener per topic it watches.
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof Topics>(topic: K, payload: Topics[K]): void {
    this.emitter.emit(topic, payload);
  }

  /**
   * Listens from the moment of the call (events published before the first `next()` are buffered), so a
   * subscriber can subscribe first and read a snapshot second without missing anything in between.
   */
  subscribe<K extends keyof Topics>(topic: K, signal?: AbortSignal): AsyncGenerator<Topics[K]> {
    const source = on(this.emitter, topic, { signal });
    return (async function* () {
      try {
        for await (const [payload] of source) yield payload as Topics[K];
      } catch (err) {
        if ((err as { name?: string }).name !== "AbortError") throw err;
      }
    })();
  }

  listenerCount(topic: keyof Topics): number {
    return this.emitter.listenerCount(topic);
  }
}
