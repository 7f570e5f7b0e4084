import { randomUUID } from "node:crypto";
import type { ReferenceEngine } from "../engine";
import type { EngineRequest } from "../scheduler/request";
import type { GenerationSpec, SamplingParams, TokenLogprob } from "../scheduler/types";
import type { DialectProfile } from "./dialectProfile";
import { badRequest, errorResponse, HttpError, validationError } from "./errors";
import { checkFields, isBool, isInt, isObj, isStr, listOf, notAnObject, oneOf, type FieldRule } from "./fieldTypes";
import { firstOutOfVocab, promptLengthError } from "./promptLimits";
import { sendJson, type RouteContext } from "./router";

const RULES: Record<string, FieldRule> = {
  query: { check: oneOf(isStr, listOf(isInt)), expected: "Input should be a valid string or a list of integers" },
  items: { check: oneOf(isStr, listOf(isStr), listOf(listOf(isInt))), expected: "Input should be a valid string, a list of strings or a list of lists of integers" },
  label_token_ids: { check: listOf(isInt), expected: "Input should be a valid list of integers" },
  apply_softmax: { check: isBool, expected: "Input should be a valid boolean" },
  item_first: { check: isBool, expected: "Input should be a valid boolean" },
  model: { check: isStr, expected: "Input should be a valid string" },
};
const SGLANG_ONLY_RULES: Record<string, FieldRule> = {
  embed_override_token_id: { check: isInt, expected: "Input should be a valid integer" },
  return_pooled_hidden_states: { check: isBool, expected: "Input should be a valid boolean" },
};

interface ScoreInputs {
  /** one token sequence per item (single-item mode) or one packed sequence (multi-item) */
  prompts: number[][];
  itemLens: number[] | null;
  queryLen: number;
}

/** POST /v1/score: single-item on both dialects, multi-item on sglang with --enable-mis. */
export async function handleScore(ctx: RouteContext, engine: ReferenceEngine, profile: DialectProfile): Promise<void> {
  const body = await ctx.json();
  if (!isObj(body)) throw validationError([notAnObject(body)]);
  const b = body as Record<string, unknown>;
  const sglang = profile.dialect === "sglang";
  const errors = checkFields(b, sglang ? { ...RULES, ...SGLANG_ONLY_RULES } : RULES, profile.scoreModelRequired ? ["model"] : []);
  if (errors.length > 0) throw validationError(errors);
  const model = typeof b.model === "string" ? b.model : "default";
  const labels = (b.label_token_ids as number[] | null | undefined) ?? null;
  const applySoftmax = b.apply_softmax === true;

  if (!labels) throw badRequest(profile.scoreMissingLabelsMessage);
  if (sglang && (b.items === undefined || b.items === null)) throw badRequest("items must be provided");
  if (Array.isArray(b.items) && b.items.length === 0) return sendJson(ctx.res, 200, scoringResponse(profile, model, [], 0));
  const vocab = engine.tokenizer.vocabSize;
  if (labels.some((id) => id < 0)) throw badRequest("label_token_ids must contain nonnegative integers");
  const oov = firstOutOfVocab(labels, vocab);
  if (oov !== undefined) throw badRequest(`Token ID ${oov} is out of vocabulary (vocab size: ${vocab})`);
  if (sglang && (b.query_embed_overrides != null || b.item_embed_overrides != null)) {
    throw badRequest("Embedding overrides are not supported by the reference engine (it has no embedding input path).");
  }
  if (b.return_pooled_hidden_states === true) {
    throw badRequest(
      "return_pooled_hidden_states is not supported for CausalLM models. It requires a model with a task-specific head (e.g. SequenceClassification or RewardModel).",
    );
  }

  const multiItem = sglang && engine.settings.enableMis;
  const inputs = buildInputs(engine, b.query, b.items, b.item_first === true, multiItem);
  const maxNew = multiItem ? 0 : profile.scoreMaxNewTokens;
  for (const p of inputs.prompts) {
    const err = promptLengthError(p.length, maxNew, engine.model.cfg.contextLength);
    if (err) throw badRequest(err);
  }

  const reqs = inputs.prompts.map((inputIds, i) => engine.submit(scoreSpec(profile, inputIds, labels, maxNew, inputs, i)));
  await Promise.all(reqs.map((r) => engine.wait(r, ctx.signal)));
  if (ctx.signal.aborted) return;
  const aborted = reqs.find((r) => r.finishReason?.type === "abort");
  if (aborted && aborted.finishReason?.type === "abort") {
    const status = aborted.finishReason.status_code ?? 500;
    throw new HttpError(status, errorResponse(status, aborted.finishReason.message, "InternalServerError"));
  }
  const perItem = multiItem ? misLabelLogprobs(reqs[0]!, inputs.itemLens!.length) : reqs.map((r) => singleLabelLogprobs(r, profile));
  const scores = perItem.map((lps) => toScores(lps, labels, applySoftmax));
  const promptTokens = reqs.reduce((n, r) => n + r.promptLength, 0);
  sendJson(ctx.res, 200, scoringResponse(profile, model, scores, promptTokens));
}

/** Valid combinations only: text query + text item(s), or token query + token items. */
function buildInputs(engine: ReferenceEngine, query: unknown, items: unknown, itemFirst: boolean, multiItem: boolean): ScoreInputs {
  const tk = engine.tokenizer;
  const delimiter = tk.special("<|mis_delim|>");
  let queryIds: number[];
  let itemIds: number[][];
  let texts: string[] | null = null;
  if (typeof query === "string" && (typeof items === "string" || (Array.isArray(items) && items.every((x) => typeof x === "string")))) {
    const list = typeof items === "string" ? [items] : (items as string[]);
    queryIds = tk.encode(query);
    itemIds = list.map((s) => tk.encode(s));
    texts = list.map((s) => (itemFirst ? `${s}${query}` : `${query}${s}`));
  } else if (Array.isArray(query) && Array.isArray(items) && items.length > 0 && items.every((x) => Array.isArray(x))) {
    queryIds = query as number[];
    itemIds = items as number[][];
  } else {
    throw badRequest("Invalid combination of query/items types for score_request.");
  }
  const vocab = tk.vocabSize;
  for (const ids of [queryIds, ...itemIds]) {
    const bad = firstOutOfVocab(ids, vocab);
    if (bad !== undefined) throw badRequest(`Token ID ${bad} is out of vocabulary (vocab size: ${vocab})`);
  }
  if (multiItem) {
    // query <D> item1 <D> … itemN <D>, each part tokenized on its own (item_first is ignored).
    const packed = [...queryIds, delimiter];
    for (const item of itemIds) packed.push(...item, delimiter);
    return { prompts: [packed], itemLens: itemIds.map((x) => x.length), queryLen: queryIds.length };
  }
  const prompts = texts ? texts.map((t) => tk.encode(t)) : itemIds.map((item) => (itemFirst ? [...item, ...queryIds] : [...queryIds, ...item]));
  if (prompts.some((p) => p.length === 0)) throw badRequest("input_ids cannot be empty.");
  return { prompts, itemLens: null, queryLen: queryIds.length };
}

function scoreSpec(profile: DialectProfile, inputIds: number[], labels: number[], maxNew: number, inputs: ScoreInputs, i: number): GenerationSpec {
  const sampling: SamplingParams = {
    maxNewTokens: maxNew,
    minNewTokens: 0,
    temperature: 1,
    topP: 1,
    topK: -1,
    minP: 0,
    frequencyPenalty: 0,
    presencePenalty: 0,
    repetitionPenalty: 1,
    stop: [],
    stopTokenIds: [],
    ignoreEos: false,
    skipSpecialTokens: true,
    noStopTrim: false,
    samplingSeed: null,
  };
  const rid = `${randomUUID().replace(/-/g, "")}_${i}`;
  if (inputs.itemLens) {
    return { rid, inputIds, sampling, logprob: null, mis: { queryLen: inputs.queryLen, itemLens: inputs.itemLens }, misLabelIds: labels };
  }
  // [S] logprob_start_len=-1 → no input logprobs; [J] -1 → one null entry. Labels via token_ids_logprob.
  return { rid, inputIds, sampling, logprob: { startLen: profile.defaultLogprobStart(inputIds.length), topN: 0, tokenIds: labels } };
}

/** `output_token_ids_logprobs[0]`: the distribution right after the prompt. */
function singleLabelLogprobs(r: EngineRequest, profile: DialectProfile): TokenLogprob[] {
  const first = profile.scoreMaxNewTokens === 0 ? r.promptNextLogprobs : r.outputLogprobs[0];
  if (!first?.ids) throw new HttpError(500, errorResponse(500, `Internal server error: output_logprobs is empty for request ${r.spec.rid}.`, "InternalServerError"));
  return first.ids;
}

/** Entries at the N+1 delimiters; the first (after the bare query) is discarded. */
function misLabelLogprobs(r: EngineRequest, numItems: number): TokenLogprob[][] {
  if (r.misReadouts.length !== numItems + 1) {
    throw new HttpError(
      500,
      errorResponse(500, `Internal server error: Expected ${numItems + 1} delimiter entries for multi-item scoring with ${numItems} items, but got ${r.misReadouts.length}. Request ID: ${r.spec.rid}`, "InternalServerError"),
    );
  }
  return r.misReadouts.slice(1);
}

/** apply_softmax: softmax over the label logprobs; otherwise exp(logprob) (probability under the full vocabulary). */
export function toScores(lps: readonly TokenLogprob[], labels: readonly number[], applySoftmax: boolean): number[] {
  const byId = new Map<number, number>();
  for (const [lp, id] of lps) if (lp !== null) byId.set(id, lp);
  const values = labels.map((id) => byId.get(id) ?? -Infinity);
  if (!applySoftmax) return values.map((x) => (x === -Infinity ? 0 : Math.exp(x)));
  const max = Math.max(...values);
  const exps = values.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, c) => a + c, 0);
  return exps.map((e) => e / sum);
}

function scoringResponse(profile: DialectProfile, model: string, scores: number[][], promptTokens: number) {
  if (profile.dialect === "sglang-jax") return { scores, model, usage: null, object: "scoring" };
  return {
    scores,
    pooled_hidden_states: null,
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_tokens_details: null, reasoning_tokens: 0 },
    object: "scoring",
  };
}
