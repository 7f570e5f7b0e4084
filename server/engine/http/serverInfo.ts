import { ENGINE_LIMITS, type ReferenceEngine } from "../engine";
import { ENGINE_VERSION, MODEL_PATH } from "../model/config";

/** Server arguments as SGLang's `dataclasses.asdict(server_args)` would list them (API key left out). */
function serverArgs(engine: ReferenceEngine): Record<string, unknown> {
  const s = engine.settings;
  const cfg = engine.model.cfg;
  const args: Record<string, unknown> = {
    model_path: MODEL_PATH,
    tokenizer_path: MODEL_PATH,
    served_model_name: MODEL_PATH,
    host: s.host,
    port: engine.port,
    dtype: s.precision,
    kv_cache_dtype: "auto",
    context_length: cfg.contextLength,
    device: "cpu",
    tp_size: 1,
    dp_size: 1,
    max_running_requests: s.maxRunningRequests,
    max_total_tokens: ENGINE_LIMITS.maxTotalTokens,
    chunked_prefill_size: ENGINE_LIMITS.chunkedPrefillSize,
    disable_radix_cache: engine.prefixCache === null,
    random_seed: s.seed,
    stream_interval: 1,
    skip_tokenizer_init: false,
    enable_metrics: s.enableMetrics,
    attention_backend: "reference-cpu",
    reference_engine: true,
    step_delay_ms: s.stepDelayMs,
    model_config: {
      architecture: "ReferenceTinyLMForCausalLM",
      d_model: cfg.dModel,
      n_heads: cfg.nHeads,
      n_layers: cfg.nLayers,
      d_ff: cfg.dFF,
      vocab_size: cfg.vocabSize,
      positional_encoding: "rope",
      ngram_prior: "token trigram, Witten-Bell backoff",
    },
  };
  if (s.dialect === "sglang") {
    args.enable_mis = s.enableMis;
    args.mis_delimiter_token_id = engine.tokenizer.special("<|mis_delim|>");
  }
  return args;
}

function memoryUsageGb(engine: ReferenceEngine) {
  const cfg = engine.model.cfg;
  const weights = (2 * cfg.vocabSize * cfg.dModel + cfg.nLayers * (4 * cfg.dModel * cfg.dModel + 2 * cfg.dModel * cfg.dFF)) * 4;
  const kv = ENGINE_LIMITS.maxTotalTokens * cfg.nLayers * 2 * cfg.dModel * 4;
  return { weight: weights / 2 ** 30, kvcache: kv / 2 ** 30 };
}

/** GET /server_info ([S]) and /get_server_info ([J], or [S] deprecated alias). */
export function serverInfo(engine: ReferenceEngine): Record<string, unknown> {
  const args = serverArgs(engine);
  const mem = memoryUsageGb(engine);
  const sched = engine.scheduler;
  const internal: Record<string, unknown> = { ...args, last_gen_throughput: engine.metrics.lastGenThroughput };
  if (engine.settings.dialect === "sglang") {
    internal.memory_usage = { weight: mem.weight, kvcache: mem.kvcache, token_capacity: ENGINE_LIMITS.maxTotalTokens, graph: 0 };
    internal.effective_max_running_requests_per_dp = engine.settings.maxRunningRequests;
  } else {
    internal.memory_usage = { kvcache: mem.kvcache, token_capacity: ENGINE_LIMITS.maxTotalTokens };
    internal.engine_paused = false;
    internal.waiting_queue_size = sched.waiting.length;
    internal.running_batch_size = sched.running.length;
    internal.waiting_queue_rids = sched.waiting.map((r) => r.spec.rid);
    internal.running_batch_rids = sched.running.map((r) => r.spec.rid);
    internal.load = load(engine);
  }
  return {
    ...args,
    max_total_num_tokens: ENGINE_LIMITS.maxTotalTokens,
    max_req_input_len: engine.model.cfg.contextLength - 1,
    internal_states: [internal],
    version: ENGINE_VERSION,
  };
}

/** Tokens held or awaited by in-flight requests. */
export function load(engine: ReferenceEngine): number {
  const s = engine.scheduler;
  return s.usedTokens + s.waiting.reduce((n, r) => n + r.promptLength, 0);
}

/** GET /model_info ([S]) or /get_model_info ([J] — fewer keys). */
export function modelInfo(engine: ReferenceEngine): Record<string, unknown> {
  const base = { model_path: MODEL_PATH, tokenizer_path: MODEL_PATH, is_generation: true, preferred_sampling_params: null };
  if (engine.settings.dialect === "sglang-jax") return base;
  return {
    ...base,
    weight_version: "default",
    has_image_understanding: false,
    has_audio_understanding: false,
    model_type: "reference_tiny_lm",
    architectures: ["ReferenceTinyLMForCausalLM"],
  };
}

/** ModelCard of /v1/models ([J] has no `parent`). */
export function modelCard(engine: ReferenceEngine): Record<string, unknown> {
  const card: Record<string, unknown> = {
    id: MODEL_PATH,
    object: "model",
    created: Math.floor(engine.startedAt / 1000),
    owned_by: "sglang",
    root: MODEL_PATH,
  };
  if (engine.settings.dialect === "sglang") card.parent = null;
  card.max_model_len = engine.model.cfg.contextLength;
  return card;
}
