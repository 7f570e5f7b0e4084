import type { LevelProgress } from "../../lib/schemas/benchmarkRun";
import { percentileOfSorted } from "../../lib/stats/descriptive";
import type { Sample } from "./sender";

/** Publish at most this often per level (the last update always goes out). */
const PUBLISH_EVERY_MS = 250;
/** Window of the "current rate". */
const RATE_WINDOW_MS = 3000;
/** Running percentiles read the latest this many latencies: enough to be stable, cheap to sort 4×/s. */
const RECENT = 2000;

type Base = Pick<LevelProgress, "runId" | "backend" | "level" | "trial" | "phase" | "total" | "latency">;

/**
 * Live progress of one backend at one level: done/total, the current completion rate, running p50/p95
 * of the gated latency over recent requests, and errors by kind. Throttled; never blocks the sender.
 */
export class ProgressTracker {
  private done = 0;
  private readonly errors: Record<string, number> = {};
  private readonly completions: number[] = [];
  private readonly recent: number[] = [];
  private lastPublish = 0;
  private readonly t0 = performance.now();

  constructor(
    private readonly base: Base,
    private readonly publish: (p: LevelProgress) => void,
  ) {}

  add(s: Sample): void {
    this.done++;
    const now = performance.now();
    this.completions.push(now);
    if (s.ok) {
      const v = this.base.latency === "ttft" ? s.ttftMs : s.e2eMs;
      if (v !== null) {
        this.recent.push(v);
        if (this.recent.length > RECENT * 2) this.recent.splice(0, this.recent.length - RECENT);
      }
    } else {
      const k = s.errorKind ?? "unknown";
      this.errors[k] = (this.errors[k] ?? 0) + 1;
    }
    if (now - this.lastPublish >= PUBLISH_EVERY_MS) this.emit(false, now);
  }

  finish(): void {
    this.emit(true, performance.now());
  }

  private emit(finished: boolean, now: number): void {
    this.lastPublish = now;
    let first = 0;
    while (first < this.completions.length && (this.completions[first] as number) < now - RATE_WINDOW_MS) first++;
    this.completions.splice(0, first);
    const windowMs = Math.min(RATE_WINDOW_MS, now - this.t0);
    const sorted = Float64Array.from(this.recent.slice(-RECENT)).sort();
    this.publish({
      type: "level",
      ...this.base,
      done: this.done,
      elapsedMs: now - this.t0,
      ratePerS: windowMs > 0 ? (this.completions.length / windowMs) * 1000 : null,
      p50Ms: percentileOfSorted(sorted, 50),
      p95Ms: percentileOfSorted(sorted, 95),
      errors: { ...this.errors },
      finished,
      at: new Date().toISOString(),
    });
  }
}
