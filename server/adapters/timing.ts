import type { ExchangeTimings } from "../../lib/schemas/exchange";

/**
 * The one timing accumulator for every adapter call. Marks are monotonic (performance.now()) and are
 * taken when bytes arrive, before parsing, so parse cost never shows up as server latency.
 * It only records; nothing here aggregates.
 */
export class TimingRecorder {
  private readonly t0 = performance.now();
  private headersMs: number | null = null;
  private firstByteMs: number | null = null;
  private firstTokenMs: number | null = null;
  private lastByteMs: number | null = null;
  private readonly chunkMs: number[] = [];
  private readonly chunkTokens: number[] = [];

  /** ms since the request was sent. */
  now(): number {
    return performance.now() - this.t0;
  }

  headers(): number {
    this.headersMs = this.now();
    return this.headersMs;
  }

  /** Body bytes arrived at `atMs` (taken by the reader before decoding). */
  bytes(atMs: number): void {
    if (this.firstByteMs === null) this.firstByteMs = atMs;
  }

  /** A body chunk (non-stream) or an SSE event arrived at `atMs`; `tokens` = generated tokens it added. */
  chunk(atMs: number, tokens?: number): void {
    this.chunkMs.push(atMs);
    if (tokens !== undefined) {
      this.chunkTokens.push(tokens);
      if (tokens > 0 && this.firstTokenMs === null) this.firstTokenMs = atMs;
    }
  }

  end(atMs: number = this.now()): number {
    this.lastByteMs = atMs;
    return atMs;
  }

  snapshot(): ExchangeTimings {
    return {
      headersMs: this.headersMs,
      firstByteMs: this.firstByteMs,
      firstTokenMs: this.firstTokenMs,
      chunkMs: [...this.chunkMs],
      chunkTokens: [...this.chunkTokens],
      lastByteMs: this.lastByteMs,
    };
  }
}
