import type { SamplingParams } from "../scheduler/types";

/** SGLang's SamplingParams defaults (same on both servers). */
export const DEFAULT_MAX_NEW_TOKENS = 128;

/** Python-style number text for messages ("1.5", "-1"). */
const show = (v: unknown) => (typeof v === "number" ? String(v) : JSON.stringify(v));

/**
 * Resolves a `sampling_params` object to engine parameters, or returns SGLang's `verify()` message.
 * Unknown keys (json_schema, regex, …) are accepted and ignored.
 */
export function parseSamplingParams(raw: Record<string, unknown>, vocabSize: number): SamplingParams | string {
  const given = (k: string, d: number): unknown => raw[k] ?? d;
  const floats: Record<string, unknown> = {
    temperature: given("temperature", 1),
    top_p: given("top_p", 1),
    min_p: given("min_p", 0),
    frequency_penalty: given("frequency_penalty", 0),
    presence_penalty: given("presence_penalty", 0),
    repetition_penalty: given("repetition_penalty", 1),
  };
  const ints: Record<string, unknown> = {
    max_new_tokens: given("max_new_tokens", DEFAULT_MAX_NEW_TOKENS),
    min_new_tokens: given("min_new_tokens", 0),
    top_k: given("top_k", -1),
  };
  for (const [k, v] of Object.entries(floats)) if (typeof v !== "number" || !Number.isFinite(v)) return `${k} must be a number, got ${show(v)}.`;
  for (const [k, v] of Object.entries(ints)) if (typeof v !== "number" || !Number.isInteger(v)) return `${k} must be an integer, got ${show(v)}.`;
  const f = floats as Record<string, number>;
  const i = ints as Record<string, number>;
  const [temperature, topP, minP] = [f.temperature!, f.top_p!, f.min_p!];
  const [frequencyPenalty, presencePenalty, repetitionPenalty] = [f.frequency_penalty!, f.presence_penalty!, f.repetition_penalty!];
  const [maxNewTokens, minNewTokens, topK] = [i.max_new_tokens!, i.min_new_tokens!, i.top_k!];
  const seed = raw.sampling_seed;
  if (temperature < 0) return `temperature must be non-negative, got ${show(temperature)}.`;
  if (topP <= 0 || topP > 1) return `top_p must be in (0, 1], got ${show(topP)}.`;
  if (minP < 0 || minP > 1) return `min_p must be in [0, 1], got ${show(minP)}.`;
  if (topK < 1 && topK !== -1) return `top_k must be -1 (disable), or at least 1, got ${show(topK)}.`;
  if (frequencyPenalty < -2 || frequencyPenalty > 2) return `frequency_penalty must be in [-2, 2], got ${show(frequencyPenalty)}.`;
  if (presencePenalty < -2 || presencePenalty > 2) return `presence_penalty must be in [-2, 2], got ${show(presencePenalty)}.`;
  if (repetitionPenalty <= 0 || repetitionPenalty > 2) return `repetition_penalty must be in (0, 2], got ${show(repetitionPenalty)}.`;
  if (maxNewTokens < 0) return `max_new_tokens must be at least 0, got ${show(maxNewTokens)}.`;
  if (minNewTokens < 0 || minNewTokens > maxNewTokens) return `min_new_tokens must be in [0, max_new_tokens], got ${show(minNewTokens)}.`;
  if (seed !== undefined && seed !== null && !(typeof seed === "number" && Number.isInteger(seed))) return `sampling_seed must be an integer, got ${show(seed)}.`;

  const stopRaw = raw.stop ?? null;
  const stop = stopRaw === null ? [] : typeof stopRaw === "string" ? [stopRaw] : stopRaw;
  if (!Array.isArray(stop) || !stop.every((s) => typeof s === "string")) return `stop must be a string or a list of strings, got ${show(stopRaw)}.`;
  const stopIds = raw.stop_token_ids ?? [];
  if (!Array.isArray(stopIds) || !stopIds.every((x) => Number.isInteger(x))) return `stop_token_ids must be a list of integers, got ${show(stopIds)}.`;
  const bad = (stopIds as number[]).find((x) => x < 0 || x >= vocabSize);
  if (bad !== undefined) return `Token ID ${bad} in stop_token_ids is out of vocabulary (vocab size: ${vocabSize})`;

  return {
    maxNewTokens,
    minNewTokens,
    temperature,
    topP,
    topK,
    minP,
    frequencyPenalty,
    presencePenalty,
    repetitionPenalty,
    stop: stop as string[],
    stopTokenIds: stopIds as number[],
    ignoreEos: raw.ignore_eos === true,
    skipSpecialTokens: raw.skip_special_tokens !== false,
    noStopTrim: raw.no_stop_trim === true,
    samplingSeed: typeof seed === "number" ? seed >>> 0 : null,
  };
}

/** `n` (parallel sampling) as an integer ≥ 1, or a message. */
export function parallelSamples(raw: Record<string, unknown>): number | string {
  const n = raw.n ?? 1;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) return `n must be a positive integer, got ${show(n)}.`;
  return n;
}
