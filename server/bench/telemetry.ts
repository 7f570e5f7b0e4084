import type { BackendConfig } from "../../lib/schemas/backend";
import type { TelemetrySample, TelemetrySeries } from "../../lib/schemas/benchmarkRun";
import type { Dialect } from "../../lib/schemas/dialect";
import { asRecord } from "../adapters/json";
import { authHeaders, endpointUrl } from "../adapters/http";

/**
 * Server telemetry while a run goes: every interval, one GET per backend — `/metrics` (`sglang:*`
 * gauges) on the sglang dialect, `/get_server_info` internal state on sglang-jax (which has no
 * `sglang:*` metrics; sglang-http-api.md §4.1). Samples keep the level the backend was running, so a
 * level's queue can be read next to its latencies (saturation).
 */

type Reading = Omit<TelemetrySample, "tMs" | "level" | "error">;

interface TelemetrySource {
  path: string;
  /** Said when the endpoint answers 404. */
  missingHint: string;
  read(body: string): Reading | string;
}

/** Sum and count of each metric name over its label sets. */
export function parsePrometheus(text: string): Map<string, { sum: number; n: number }> {
  const out = new Map<string, { sum: number; n: number }>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const brace = line.indexOf("{");
    const space = line.indexOf(" ");
    const nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
    if (nameEnd <= 0) continue;
    const name = line.slice(0, nameEnd);
    const afterLabels = brace >= 0 && brace === nameEnd ? line.indexOf("}", brace) + 1 : nameEnd;
    const value = Number.parseFloat(line.slice(afterLabels).trim().split(/\s+/)[0] ?? "");
    if (!Number.isFinite(value)) continue;
    const acc = out.get(name) ?? { sum: 0, n: 0 };
    acc.sum += value;
    acc.n++;
    out.set(name, acc);
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

const SOURCES: Record<Dialect, TelemetrySource> = {
  sglang: {
    path: "/metrics",
    missingHint: "start sglang with --enable-metrics to get queue and cache telemetry",
    read(body) {
      const m = parsePrometheus(body);
      const sum = (k: string) => m.get(k)?.sum ?? null;
      const mean = (k: string) => {
        const x = m.get(k);
        return x && x.n > 0 ? x.sum / x.n : null;
      };
      if (sum("sglang:num_queue_reqs") === null && sum("sglang:num_running_reqs") === null) {
        return "GET /metrics has no sglang:num_queue_reqs or sglang:num_running_reqs";
      }
      return {
        queue: sum("sglang:num_queue_reqs"),
        running: sum("sglang:num_running_reqs"),
        cacheHitRate: mean("sglang:cache_hit_rate"),
        tokenUsage: mean("sglang:token_usage"),
        genThroughput: sum("sglang:gen_throughput"),
      };
    },
  },
  "sglang-jax": {
    path: "/get_server_info",
    missingHint: "this server has no /get_server_info; is the dialect right?",
    read(body) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return "GET /get_server_info: the body is not JSON";
      }
      const states = asRecord(json)?.internal_states;
      const s = Array.isArray(states) ? asRecord(states[0]) : null;
      if (!s) return "GET /get_server_info has no internal_states[0]";
      const memory = asRecord(s.memory_usage);
      const capacity = num(memory?.token_capacity);
      const used = num(s.num_used_tokens);
      return {
        queue: num(s.waiting_queue_size),
        running: num(s.running_batch_size),
        cacheHitRate: num(s.cache_hit_rate),
        tokenUsage: num(s.token_usage) ?? (capacity && used !== null ? used / capacity : null),
        genThroughput: num(s.last_gen_throughput),
      };
    },
  },
};

export class TelemetrySampler {
  private readonly samples: TelemetrySample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private level: number | null = null;
  /** null once the endpoint proved missing: sampling stops and the reason stays in the last sample. */
  private source: TelemetrySource | null;

  constructor(
    private readonly name: string,
    private readonly backend: BackendConfig,
    private readonly intervalMs: number,
    /** performance.now() at run start. */
    private readonly runT0: number,
  ) {
    this.source = SOURCES[backend.dialect];
  }

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  setLevel(level: number | null): void {
    this.level = level;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** Samples taken so far. */
  get size(): number {
    return this.samples.length;
  }

  series(): TelemetrySeries {
    // after a 404 the endpoint is known missing: no source (the last sample says which path answered 404)
    return { backend: this.name, source: this.source?.path ?? null, samples: this.samples.slice() };
  }

  private tick(): void {
    if (this.inFlight || !this.source) return; // a slow server never gets two samples in flight
    this.inFlight = this.sample(this.source).finally(() => {
      this.inFlight = null;
    });
  }

  private async sample(source: TelemetrySource): Promise<void> {
    const tMs = performance.now() - this.runT0;
    const level = this.level;
    const empty = { queue: null, running: null, cacheHitRate: null, tokenUsage: null, genThroughput: null };
    try {
      const res = await fetch(endpointUrl(this.backend, source.path), { headers: authHeaders(this.backend), signal: AbortSignal.timeout(Math.max(500, this.intervalMs)) });
      const body = await res.text();
      if (res.status === 404) {
        this.source = null;
        this.samples.push({ tMs, level, ...empty, error: `GET ${source.path} answered 404; ${source.missingHint}` });
        return;
      }
      if (!res.ok) {
        this.samples.push({ tMs, level, ...empty, error: `GET ${source.path} answered ${res.status}` });
        return;
      }
      const r = source.read(body);
      if (typeof r === "string") this.samples.push({ tMs, level, ...empty, error: r });
      else this.samples.push({ tMs, level, ...r, error: null });
    } catch (err) {
      this.samples.push({ tMs, level, ...empty, error: `GET ${source.path} failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
}
