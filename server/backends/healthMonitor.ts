import type { BackendConfig, HealthStatus } from "../../lib/schemas/backend";
import { adapters } from "../adapters/registry";
import type { EventBus } from "../events";

export interface HealthMonitorOptions {
  intervalMs: number;
  timeoutMs: number;
  listBackends: () => Promise<BackendConfig[]>;
  bus: EventBus;
}

/**
 * Polls every backend's health endpoint on an interval and publishes each result, so pages get health
 * pushed over the subscription. Explicit lifecycle (start/stop); nothing runs at import time.
 */
export class HealthMonitor {
  private readonly latest = new Map<string, HealthStatus>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(private readonly opts: HealthMonitorOptions) {}

  start(): void {
    if (this.timer) return;
    void this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  snapshot(): HealthStatus[] {
    return [...this.latest.values()];
  }

  /** One round over all backends; overlapping rounds are folded into the running one. */
  checkAll(): Promise<void> {
    this.round ??= (async () => {
      try {
        const backends = await this.opts.listBackends();
        const ids = new Set(backends.map((b) => b.id));
        for (const id of this.latest.keys()) if (!ids.has(id)) this.latest.delete(id);
        await Promise.all(backends.map((b) => this.check(b)));
      } finally {
        this.round = null;
      }
    })();
    return this.round;
  }

  async check(backend: BackendConfig): Promise<HealthStatus> {
    const outcome = await adapters[backend.dialect].health(backend, { timeoutMs: this.opts.timeoutMs });
    const now = new Date().toISOString();
    const prev = this.latest.get(backend.id);
    const state = outcome.ok ? "healthy" : "down";
    const status: HealthStatus = {
      backendId: backend.id,
      state,
      checkedAt: now,
      latencyMs: outcome.latencyMs,
      error: outcome.ok ? null : outcome.error,
      since: prev && prev.state === state ? prev.since : now,
    };
    this.latest.set(backend.id, status);
    this.opts.bus.publish("health", status);
    return status;
  }
}
