import type { StopRules } from "../../lib/schemas/benchmark";
import type { Sample } from "./sender";

/**
 * The error threshold of one backend at one level: a run stops when too large a share of requests
 * failed (after a minimum number), or too many failed in a row — a backend that died mid-run stops the
 * run quickly instead of failing thousands more requests. The reason says what, where and the last error.
 */
export class ErrorWatch {
  private done = 0;
  private failed = 0;
  private streak = 0;
  private readonly byKind: Record<string, number> = {};

  constructor(
    private readonly rules: StopRules,
    /** e.g. `backend "b" at concurrency 16` */
    private readonly where: string,
  ) {}

  /** The reason to stop, or null to go on. */
  add(s: Sample): string | null {
    this.done++;
    if (s.ok) {
      this.streak = 0;
      return null;
    }
    this.failed++;
    this.streak++;
    const kind = s.errorKind ?? "unknown";
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    const last = s.error?.message ?? kind;
    const kinds = Object.entries(this.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    if (this.streak >= this.rules.maxConsecutiveErrors) {
      return `stopped: ${this.where}: ${this.streak} requests failed in a row (${kinds}); last error: ${last}`;
    }
    const rate = this.failed / this.done;
    if (this.done >= this.rules.minRequests && rate > this.rules.maxErrorRate) {
      return `stopped: ${this.where}: ${this.failed} of ${this.done} requests failed (${Math.round(rate * 100)}%, above the ${Math.round(this.rules.maxErrorRate * 100)}% threshold; ${kinds}); last error: ${last}`;
    }
    return null;
  }
}
