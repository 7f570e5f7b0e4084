import { randomUUID } from "node:crypto";
import type { ReferenceEngine } from "../engine";
import type { GenerationSpec } from "../scheduler/types";
import type { DialectProfile } from "./dialectProfile";
import { generateError, validationError } from "./errors";
import { checkFields, isBool, isInt, isObj, isStr, listOf, notAnObject, oneOf, type FieldRule } from "./fieldTypes";
import { firstOutOfVocab, promptLengthError } from "./promptLimits";
import { parallelSamples, parseSamplingParams } from "./samplingParams";

/** How one request of the batch wants its logprobs shown. */
export interface OutputOptions {
  returnLogprob: boolean;
  topLogprobsNum: number;
  tokenIdsLogprob: number[] | null;
}

export interface ParsedGenerate {
  isBatch: boolean;
  stream: boolean;
  returnTextInLogprobs: boolean;
  requests: { spec: GenerationSpec; output: OutputOptions }[];
}

const RULES: Record<string, FieldRule> = {
  text: { check: oneOf(isStr, listOf(isStr)), expected: "Input should be a valid string or a list of strings" },
  input_ids: { check: oneOf(listOf(isInt), listOf(listOf(isInt))), expected: "Input should be a list of integers or a list of lists of integers" },
  sampling_params: { check: oneOf(isObj, listOf(isObj)), expected: "Input should be a valid dictionary or a list of dictionaries" },
  stream: { check: isBool, expected: "Input should be a valid boolean" },
  return_logprob: { check: oneOf(isBool, listOf(isBool)), expected: "Input should be a valid boolean or a list of booleans" },
  logprob_start_len: { check: oneOf(isInt, listOf(isInt)), expected: "Input should be a valid integer or a list of integers" },
  top_logprobs_num: { check: oneOf(isInt, listOf(isInt)), expected: "Input should be a valid integer or a list of integers" },
  token_ids_logprob: { check: oneOf(listOf(isInt), listOf(listOf(isInt))), expected: "Input should be a list of integers or a list of lists of integers" },
  return_text_in_logprobs: { check: isBool, expected: "Input should be a valid boolean" },
  rid: { check: oneOf(isStr, listOf(isStr)), expected: "Input should be a valid string or a list of strings" },
};

/** Picks element i of a per-request field that may be given once for the whole batch. */
function perItem<T>(v: unknown, i: number, isList: (v: unknown) => boolean, fallback: T): T {
  if (v === undefined || v === null) return fallback;
  return (isList(v) ? (v as T[])[i] ?? fallback : v) as T;
}

/**
 * Validates a /generate body (GenerateReqInput) and expands it to engine requests. Type errors are
 * FastAPI validation errors; semantic ones are SGLang's ValueErrors (`{"error": {"message"}}`).
 */
export function parseGenerate(body: unknown, engine: ReferenceEngine, profile: DialectProfile): ParsedGenerate {
  if (!isObj(body)) throw validationError([notAnObject(body)]);
  const b = body as Record<string, unknown>;
  const typeErrors = checkFields(b, RULES);
  if (typeErrors.length > 0) throw validationError(typeErrors);

  const hasText = b.text !== undefined && b.text !== null;
  const hasIds = b.input_ids !== undefined && b.input_ids !== null;
  if (!hasText && !hasIds) throw generateError(profile.missingInputMessage);
  if (hasText && hasIds) throw generateError(profile.bothInputsMessage);

  const tokenizer = engine.tokenizer;
  const vocab = tokenizer.vocabSize;
  let prompts: number[][];
  let isBatch: boolean;
  if (hasText) {
    isBatch = Array.isArray(b.text);
    prompts = (isBatch ? (b.text as string[]) : [b.text as string]).map((t) => tokenizer.encode(t));
  } else {
    const ids = b.input_ids as number[] | number[][];
    isBatch = ids.length > 0 && Array.isArray(ids[0]);
    prompts = isBatch ? (ids as number[][]) : [ids as number[]];
  }
  if (prompts.length === 0 || prompts.some((p) => p.length === 0)) throw generateError("input_ids cannot be empty.");
  for (const p of prompts) {
    const bad = firstOutOfVocab(p, vocab);
    if (bad !== undefined) throw generateError(`Token ID ${bad} in input_ids is out of vocabulary (vocab size: ${vocab})`);
  }

  const returnTextInLogprobs = typeof b.return_text_in_logprobs === "boolean" ? b.return_text_in_logprobs : profile.returnTextInLogprobsDefault;
  const requests: ParsedGenerate["requests"] = [];
  const baseRid = b.rid;
  prompts.forEach((inputIds, i) => {
    const rawSampling = perItem<Record<string, unknown>>(b.sampling_params, i, Array.isArray, {});
    const sampling = parseSamplingParams(rawSampling, vocab);
    if (typeof sampling === "string") throw generateError(sampling);
    const n = parallelSamples(rawSampling);
    if (typeof n === "string") throw generateError(n);
    const lengthError = promptLengthError(inputIds.length, sampling.maxNewTokens, engine.model.cfg.contextLength);
    if (lengthError) throw generateError(lengthError);

    const returnLogprob = perItem<boolean>(b.return_logprob, i, Array.isArray, false);
    const startRaw = perItem<number>(b.logprob_start_len, i, Array.isArray, -1);
    const topN = perItem<number>(b.top_logprobs_num, i, Array.isArray, 0);
    const idsRaw = b.token_ids_logprob as number[] | number[][] | undefined | null;
    const tokenIds = idsRaw ? (idsRaw.length > 0 && Array.isArray(idsRaw[0]) ? ((idsRaw as number[][])[i] ?? null) : (idsRaw as number[])) : null;
    if (returnLogprob) {
      if (startRaw < -1) throw generateError(`logprob_start_len must be -1 or a prompt index, got ${startRaw}.`);
      if (startRaw >= inputIds.length) throw generateError(`logprob_start_len (${startRaw}) is superior or equal to the input length (${inputIds.length}).`);
      if (topN < 0) throw generateError(`top_logprobs_num must be non-negative, got ${topN}.`);
      const badId = tokenIds ? firstOutOfVocab(tokenIds, vocab) : undefined;
      if (badId !== undefined) throw generateError(`Token ID ${badId} in token_ids_logprob is out of vocabulary (vocab size: ${vocab})`);
    }

    for (let k = 0; k < n; k++) {
      const index = requests.length;
      let rid: string;
      if (Array.isArray(baseRid)) rid = (baseRid[i] as string | undefined) ?? randomUUID().replace(/-/g, "");
      else if (typeof baseRid === "string") rid = isBatch || n > 1 ? `${baseRid}_${index}` : baseRid;
      else rid = randomUUID().replace(/-/g, "");
      requests.push({
        spec: {
          rid: n > 1 && Array.isArray(baseRid) ? `${rid}_${k}` : rid,
          inputIds,
          sampling,
          logprob: returnLogprob
            ? { startLen: startRaw === -1 ? profile.defaultLogprobStart(inputIds.length) : startRaw, topN, tokenIds }
            : null,
        },
        output: { returnLogprob, topLogprobsNum: topN, tokenIdsLogprob: tokenIds },
      });
    }
    if (n > 1) isBatch = true;
  });
  const rids = requests.map((r) => r.spec.rid);
  if (new Set(rids).size !== rids.length) throw generateError(`Duplicate request IDs detected within the request: ${rids.join(", ")}`);
  return { isBatch, stream: b.stream === true, returnTextInLogprobs, requests };
}
