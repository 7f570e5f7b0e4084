import type { ReferenceEngine } from "../engine";
import { errorResponse, HttpError, validationError } from "./errors";
import { checkFields, isBool, isInt, isObj, isStr, listOf, notAnObject, oneOf } from "./fieldTypes";
import { sendJson, type Route } from "./router";

/** POST /tokenize, /v1/tokenize, /detokenize, /v1/detokenize ([S] only). */
export function tokenizeRoutes(engine: ReferenceEngine): Route[] {
  const tk = engine.tokenizer;
  const tokenize: Route["handler"] = async ({ res, json }) => {
    const body = await json();
    if (!isObj(body)) throw validationError([notAnObject(body)]);
    const b = body as Record<string, unknown>;
    const errors = checkFields(
      b,
      {
        prompt: { check: oneOf(isStr, listOf(isStr)), expected: "Input should be a valid string or a list of strings" },
        add_special_tokens: { check: isBool, expected: "Input should be a valid boolean" },
        model: { check: isStr, expected: "Input should be a valid string" },
      },
      ["prompt"],
    );
    if (errors.length > 0) throw validationError(errors);
    // The reference tokenizer adds no BOS, so add_special_tokens changes nothing (as with Qwen).
    const max = engine.model.cfg.contextLength;
    if (typeof b.prompt === "string") {
      const tokens = tk.encode(b.prompt);
      return sendJson(res, 200, { tokens, count: tokens.length, max_model_len: max });
    }
    const tokens = (b.prompt as string[]).map((p) => tk.encode(p));
    sendJson(res, 200, { tokens, count: tokens.map((t) => t.length), max_model_len: max });
  };
  const detokenize: Route["handler"] = async ({ res, json }) => {
    const body = await json();
    if (!isObj(body)) throw validationError([notAnObject(body)]);
    const b = body as Record<string, unknown>;
    const errors = checkFields(
      b,
      {
        tokens: { check: oneOf(listOf(isInt), listOf(listOf(isInt))), expected: "Input should be a list of integers or a list of lists of integers" },
        skip_special_tokens: { check: isBool, expected: "Input should be a valid boolean" },
        model: { check: isStr, expected: "Input should be a valid string" },
      },
      ["tokens"],
    );
    if (errors.length > 0) throw validationError(errors);
    const skip = b.skip_special_tokens !== false;
    const decode = (ids: number[]) => {
      try {
        return tk.decode(ids, skip);
      } catch (err) {
        const msg = `Error decoding tokens: ${err instanceof Error ? err.message : String(err)}. Input tokens might be invalid for the model.`;
        throw new HttpError(400, errorResponse(400, msg, "DecodeError"));
      }
    };
    const tokens = b.tokens as number[] | number[][];
    const nested = tokens.length > 0 && Array.isArray(tokens[0]);
    sendJson(res, 200, { text: nested ? (tokens as number[][]).map(decode) : decode(tokens as number[]) });
  };
  return ["/tokenize", "/v1/tokenize"]
    .map((path): Route => ({ methods: ["POST"], path, handler: tokenize }))
    .concat(["/detokenize", "/v1/detokenize"].map((path): Route => ({ methods: ["POST"], path, handler: detokenize })));
}
