/**
 * Metric definitions shown one hover away from every number and chart (DESIGN.md "Benchmarks"): tools
 * disagree on these, so the studio says exactly what it measured. Plain text: used as `title`
 * attributes in the browser and in the offline HTML report, and as footnotes in markdown.
 */
export const METRIC_DEFINITIONS = {
  ttft: "TTFT (time to first token) = send → first byte of the first streamed chunk that carries a token. Streams (generate) only.",
  ignoreEos:
    "Ignore EOS: every generate request runs to its max new tokens (sampling_params.ignore_eos), as SGLang's bench_serving runs them by default. Without it, a backend that stops earlier does less work, and its E2E and tok/s compare unlike things. A baseline must use the same setting.",
  logprobsMode:
    "Which generate requests ask for logprobs. Every request: the cell's exact request, logprobs and top-k included, and the server's logprob work is in the timings. Only for parity: no timed request asks for them, as bench_serving and vllm bench serve send requests; after each level, one request per snapshot with the cell's logprobs is sent to each backend (not timed, not counted, not under load) and parity judges its answer. A baseline must use the same setting.",
  itl: "ITL (inter-token latency) = gap between two token-carrying stream chunks ÷ the tokens the later chunk carries, counted once per token (as SGLang's bench_serving). TTFT is never part of an ITL sample.",
  tpot: "TPOT (time per output token) = (E2E − TTFT) ÷ (output tokens − 1), output tokens from the server's own count; undefined for one token or fewer.",
  e2e: "E2E (end-to-end latency) = send → last byte of the response. Sockets are opened before each level and kept alive, so latencies do not include connection setup (an open loop that needs more sockets than its warmup suggested opens them as it goes).",
  tokens: "Token counts come from the server (meta_info.completion_tokens, usage), never from counting chunks.",
  throughput: "Throughput = successful completions ÷ level duration (first send → the last request's end, a failure's included, so requests that time out last are not left out of the time): requests/s, items/s (score requests) or output tokens/s (server counts).",
  goodput: "Goodput = requests/s that met every SLO given (a failed request meets none).",
  percentile: "Percentiles by linear interpolation between closest ranks (numpy's default method).",
  std: "Std = population standard deviation, √(mean of squared deviations from the mean): ddof 0, numpy's default (np.std), not the n − 1 sample estimate.",
  ci95: "95% interval from a seeded bootstrap: the same seed gives the same interval. Throughput intervals resample time windows.",
  significance: "A difference is significant only when the 95% bootstrap interval of the difference (B − A, or run − baseline) excludes 0.",
  errorRate: "Error rate = failed requests ÷ all measured requests (warmup excluded). Errors are counted by kind: unreachable, timeout, http, stream-cut, …",
  saturation: "Saturated = the server queue and the latency both keep growing through the level (trend tests on both): the level is past capacity and its percentiles mostly measure queueing.",
  warmup: "Warmup requests are sent per backend before measuring and are never counted in any metric.",
  elapsed: "Time since the run started on the server, warmup included.",
  estimate: "Estimated duration, from the cell's last latency on the slower backend: closed loops range from perfect scaling with concurrency to none, open loops take requests ÷ rate, timed levels take their time; warmup, every level and every trial included.",
  gates: "Gates: throughput drop ≥ threshold fails, p95 increase ≥ threshold fails, error-rate increase ≥ threshold (points) fails, and parity on the benchmark's own responses must pass — a faster but wrong backend does not pass.",
} as const;


/** What each chart shows and how to read it. */
export const CHART_DEFINITIONS = {
  ecdf: `Share of requests (y) finishing within a latency (x), per backend and level: further left is faster; a long right tail is the slow requests. ${METRIC_DEFINITIONS.ttft} ${METRIC_DEFINITIONS.e2e}`,
  levelBox: `Latency per level and backend: the box spans p25–p75 with the median line, whiskers reach p5 and p95, the dot marks p99. ${METRIC_DEFINITIONS.percentile}`,
  throughputLatency: `Each level is one point: throughput (x) against p95 latency (y), joined in level order per backend. Down and to the right is better; where the line turns up steeply the backend is saturating. Bars: 95% bootstrap intervals of p95. ${METRIC_DEFINITIONS.throughput}`,
  itlPosition: `Inter-token latency by output position (tokens generated before the chunk): line = median over requests, band = p10–p90. ${METRIC_DEFINITIONS.itl}`,
  timeline: `Every measured request as a bar from send to last byte, stacked in lanes (y = requests in flight from the client). Lines: the server's own running requests and queue length from its telemetry, on the same axis. Shaded: levels flagged saturated. ${METRIC_DEFINITIONS.saturation}`,
  trend: `Change of p95 latency and throughput per run, in % against the baseline run (or the first run when no baseline is set). Dashed lines: the gate thresholds — above the p95 line or below the throughput line fails.`,
  sparkline: "p95 latency and throughput over this benchmark's runs, oldest on the left.",
} as const;

export type ChartKey = keyof typeof CHART_DEFINITIONS;
