import { MODEL_PATH } from "./model/config";
import type { EngineRequest } from "./scheduler/request";
import type { SchedulerObserver, StepInfo } from "./scheduler/scheduler";

/** Latency buckets (seconds): SGLang's, with finer steps below 0.1 s for a fast CPU model. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400];
const ITL_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    this.buckets.forEach((le, i) => {
      if (v <= le) this.counts[i]!++;
    });
  }
}

/** Live state the gauges read at scrape time. */
export interface GaugeSource {
  numRunning(): number;
  numQueued(): number;
  usedTokens(): number;
  maxTotalTokens: number;
}

/**
 * Counters, gauges and histograms of the scheduler and the "tokenizer" side, rendered in
 * Prometheus text format under SGLang's names and labels.
 */
export class EngineMetrics implements SchedulerObserver {
  promptTokens = 0;
  generationTokens = 0;
  cachedTokens = 0;
  numRequests = 0;
  numAborted = 0;
  lastGenThroughput = 0;
  private readonly ttft = new Histogram(LATENCY_BUCKETS);
  private readonly e2e = new Histogram(LATENCY_BUCKETS);
  private readonly queueTime = new Histogram(LATENCY_BUCKETS);
  private readonly itl = new Histogram(ITL_BUCKETS);
  private windowTokens = 0;
  private windowStart: number | null = null;
  private windowSteps = 0;

  constructor(private readonly gauges: GaugeSource) {}

  onStep(info: StepInfo): void {
    if (info.kind !== "decode") return;
    this.windowStart ??= info.startMs;
    this.windowTokens += info.tokens;
    this.windowSteps++;
    const elapsed = info.startMs + info.durationMs - this.windowStart;
    // SGLang reports generation throughput over a window of decode steps.
    if (this.windowSteps >= 10 && elapsed > 0) {
      this.lastGenThroughput = (this.windowTokens / elapsed) * 1000;
      this.windowTokens = 0;
      this.windowSteps = 0;
      this.windowStart = null;
    }
  }

  onFirstToken(r: EngineRequest): void {
    if (r.spec.internal) return;
    this.ttft.observe((r.times.firstToken! - r.times.received) / 1000);
  }

  onToken(r: EngineRequest, gapMs: number): void {
    if (r.spec.internal) return;
    this.itl.observe(gapMs / 1000);
  }

  onFinish(r: EngineRequest): void {
    if (r.spec.internal) return;
    this.numRequests++;
    this.promptTokens += r.promptLength;
    this.generationTokens += r.outputIds.length;
    this.cachedTokens += r.cachedTokens;
    if (r.finishReason?.type === "abort") this.numAborted++;
    if (r.times.scheduled !== null) this.queueTime.observe((r.times.scheduled - r.times.received) / 1000);
    this.e2e.observe((r.times.finished! - r.times.received) / 1000);
  }

  get cacheHitRate(): number {
    return this.promptTokens > 0 ? this.cachedTokens / this.promptTokens : 0;
  }

  /** SGLang-dialect exposition (`sglang:*`). */
  renderSglang(): string {
    const model = `model_name="${MODEL_PATH}"`;
    const sched = `${model},engine_type="unified",tp_rank="0",pp_rank="0",moe_ep_rank="0"`;
    const g = this.gauges;
    const out = new PromText();
    out.single("sglang:num_running_reqs", "gauge", "The number of running requests.", sched, g.numRunning());
    out.single("sglang:num_queue_reqs", "gauge", "The number of requests in the waiting queue.", sched, g.numQueued());
    out.single("sglang:num_used_tokens", "gauge", "The number of used tokens.", sched, g.usedTokens());
    out.single("sglang:max_total_num_tokens", "gauge", "Maximum total number of tokens in the KV cache pool.", sched, g.maxTotalTokens);
    out.single("sglang:token_usage", "gauge", "The token usage.", sched, g.usedTokens() / g.maxTotalTokens);
    out.single("sglang:gen_throughput", "gauge", "The generation throughput (token/s).", sched, this.lastGenThroughput);
    out.single("sglang:cache_hit_rate", "gauge", "The prefix cache hit rate.", sched, this.cacheHitRate);
    out.single("sglang:num_paused_reqs", "gauge", "The number of paused requests by async weight sync.", sched, 0);
    out.single("sglang:num_retracted_reqs", "gauge", "The number of retracted requests.", sched, 0);
    out.histogram("sglang:queue_time_seconds", "Histogram of queueing time in seconds.", sched, this.queueTime);
    out.single("sglang:prompt_tokens_total", "counter", "Number of prefill tokens processed.", model, this.promptTokens);
    out.single("sglang:generation_tokens_total", "counter", "Number of generation tokens processed.", model, this.generationTokens);
    out.single("sglang:cached_tokens_total", "counter", "Number of cached prompt tokens.", `${model},cache_source="device"`, this.cachedTokens);
    out.single("sglang:num_requests_total", "counter", "Number of requests processed.", model, this.numRequests);
    out.single("sglang:num_aborted_requests_total", "counter", "Number of requests aborted.", model, this.numAborted);
    out.histogram("sglang:time_to_first_token_seconds", "Histogram of time to first token in seconds.", model, this.ttft);
    out.histogram("sglang:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", model, this.itl);
    out.histogram("sglang:e2e_request_latency_seconds", "Histogram of End-to-end request latency in seconds", model, this.e2e);
    return out.text();
  }

  /** SGLang-JAX exposition: only the PD-disaggregation metrics exist there (all idle here). */
  renderJax(): string {
    const out = new PromText();
    out.header("pd_state_transition_total", "counter", "Total PD request state transitions.");
    out.header("pd_transfer_bytes_total", "counter", "Total bytes transferred between prefill and decode.");
    out.header("pd_transfer_duration_seconds", "histogram", "KV transfer duration in seconds.");
    out.single("pd_transfer_inflight", "gauge", "KV transfers in flight.", "", 0);
    out.single("pd_host_pool_used_buffers", "gauge", "Used host pool buffers.", "", 0);
    out.header("pd_transfer_failures_total", "counter", "Total failed KV transfers.");
    out.single("pd_bootstrap_registry_size", "gauge", "Entries in the bootstrap registry.", "", 0);
    return out.text();
  }
}

/** Prometheus text exposition writer (values as floats, like the Python client). */
class PromText {
  private lines: string[] = [];
  header(name: string, type: string, help: string): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  }
  single(name: string, type: string, help: string, labels: string, value: number): void {
    this.header(name, type, help);
    this.lines.push(`${name}${labels ? `{${labels}}` : ""} ${num(value)}`);
  }
  histogram(name: string, help: string, labels: string, h: Histogram): void {
    this.header(name, "histogram", help);
    h.buckets.forEach((le, i) => this.lines.push(`${name}_bucket{${labels},le="${num(le)}"} ${num(h.counts[i]!)}`));
    this.lines.push(`${name}_bucket{${labels},le="+Inf"} ${num(h.count)}`);
    this.lines.push(`${name}_count{${labels}} ${num(h.count)}`);
    this.lines.push(`${name}_sum{${labels}} ${num(h.sum)}`);
  }
  text(): string {
    return this.lines.join("\n") + "\n";
  }
}

function num(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}
