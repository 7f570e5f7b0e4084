import type { BackendConfig, BackendIdentity } from "../../lib/schemas/backend";
import { requestJson, type HttpFailure, type JsonSuccess } from "./http";
import type { CallOptions } from "./types";
import { asRecord } from "./json";

/** Where a dialect keeps its info endpoints; the first path that is not a 404 wins. */
export interface IdentityEndpoints {
  serverInfo: string[];
  modelInfo: string[];
  /** Said when the last candidate path is a 404 too (wrong dialect or not an SGLang server). */
  notFoundHint?: string;
}

/** Server args that change numbers or scoring semantics, so a comparison must show them. */
const FLAG_KEYS = [
  "attention_backend",
  "sampling_backend",
  "tp_size",
  "dp_size",
  "pp_size",
  "enable_mis",
  "multi_item_scoring_delimiter",
  "chunked_prefill_size",
  "disable_radix_cache",
  "disable_cuda_graph",
  "enable_deterministic_inference",
  "random_seed",
  "kv_cache_dtype",
  "quantization",
  "dtype",
  "context_length",
  "page_size",
  "device",
  "incremental_streaming_output",
  "stream_output",
  "skip_tokenizer_init",
  "served_model_name",
] as const;

const SERVER_EXCERPT_KEYS = ["version", "model_path", "tokenizer_path", ...FLAG_KEYS] as const;

type Flag = string | number | boolean | null;

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function isFlag(v: unknown): v is Flag {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

/** Server args live at the top level of /server_info; older builds keep them in internal_states[0]. */
function serverArg(info: Record<string, unknown> | null, key: string): unknown {
  if (!info) return undefined;
  if (key in info) return info[key];
  const states = info.internal_states;
  const first = Array.isArray(states) ? asRecord(states[0]) : null;
  return first?.[key];
}

async function firstAvailable(
  backend: BackendConfig,
  paths: string[],
  opts: CallOptions,
  notFoundHint: string | undefined,
): Promise<{ path: string; result: JsonSuccess | HttpFailure }> {
  let last: { path: string; result: JsonSuccess | HttpFailure } | null = null;
  for (const path of paths) {
    const result = await requestJson(backend, { label: `identity: ${path}`, method: "GET", path, notFoundHint }, opts);
    last = { path, result };
    if (result.ok || result.error.status !== 404) return last;
  }
  if (!last) throw new Error("identity: no endpoint paths configured");
  return last;
}

/**
 * Reads server info, model info and /v1/models at once, and normalises them into BackendIdentity.
 * Never throws: each endpoint that fails adds a sentence to `errors`, and what did answer is kept.
 */
export async function readIdentity(backend: BackendConfig, endpoints: IdentityEndpoints, opts: CallOptions): Promise<BackendIdentity> {
  const [server, model, models] = await Promise.all([
    firstAvailable(backend, endpoints.serverInfo, opts, endpoints.notFoundHint),
    firstAvailable(backend, endpoints.modelInfo, opts, endpoints.notFoundHint),
    firstAvailable(backend, ["/v1/models"], opts, endpoints.notFoundHint),
  ]);
  const errors: string[] = [];
  const raw: Record<string, unknown> = {};
  const body = (x: { path: string; result: JsonSuccess | HttpFailure }): Record<string, unknown> | null => {
    if (!x.result.ok) {
      errors.push(x.result.error.message);
      return null;
    }
    const rec = asRecord(x.result.json);
    if (!rec) errors.push(`GET ${x.path}: answered, but not with a JSON object`);
    return rec;
  };
  const serverInfo = body(server);
  const modelInfo = body(model);
  const modelList = body(models);

  if (serverInfo) {
    const excerpt: Record<string, unknown> = {};
    for (const k of SERVER_EXCERPT_KEYS) {
      const v = serverArg(serverInfo, k);
      if (v !== undefined) excerpt[k] = v;
    }
    raw[`GET ${server.path}`] = excerpt;
  }
  if (modelInfo) raw[`GET ${model.path}`] = modelInfo;
  if (modelList) raw["GET /v1/models"] = modelList;

  const flags: Record<string, Flag> = {};
  for (const k of FLAG_KEYS) {
    const v = serverArg(serverInfo, k);
    if (v !== undefined && isFlag(v)) flags[k] = v;
  }
  const firstModel = Array.isArray(modelList?.data) ? asRecord(modelList.data[0]) : null;
  const modelPath = str(modelInfo?.model_path) ?? str(serverArg(serverInfo, "model_path"));
  return {
    version: str(serverArg(serverInfo, "version")),
    modelPath,
    servedModel: str(firstModel?.id) ?? str(serverArg(serverInfo, "served_model_name")),
    dtype: str(serverArg(serverInfo, "dtype")),
    maxModelLen: num(firstModel?.max_model_len) ?? num(serverArg(serverInfo, "context_length")),
    flags,
    isReferenceEngine: modelPath?.startsWith("studio/reference") ?? false,
    fetchedAt: new Date().toISOString(),
    errors,
    raw,
  };
}
