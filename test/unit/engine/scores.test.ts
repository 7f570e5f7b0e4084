import { describe, expect, it } from "vitest";
import { toScores } from "../../../server/engine/http/scoreRoute";
import { validationError } from "../../../server/engine/http/errors";

describe("score conversion", () => {
  const lps: [number, number][] = [[Math.log(0.2), 10], [Math.log(0.05), 11]];

  it("apply_softmax renormalises over the labels, in label order", () => {
    const s = toScores(lps, [11, 10], true);
    expect(s[0]).toBeCloseTo(0.2, 12);
    expect(s[1]).toBeCloseTo(0.8, 12);
  });

  it("without softmax returns exp(logprob); a missing label scores 0", () => {
    const s = toScores(lps, [10, 11, 12], false);
    expect(s[0]).toBeCloseTo(0.2, 12);
    expect(s[1]).toBeCloseTo(0.05, 12);
    expect(s[2]).toBe(0);
  });
});

describe("validation error body", () => {
  it("reads like FastAPI's RequestValidationError as SGLang reports it", () => {
    const e = validationError([{ type: "missing", loc: ["body", "model"], msg: "Field required", input: { query: "it's", n: null, ok: true } }]);
    expect(e.status).toBe(400);
    const item = `{'type': 'missing', 'loc': ('body', 'model'), 'msg': 'Field required', 'input': {'query': "it's", 'n': None, 'ok': True}}`;
    expect(e.body).toEqual({ object: "error", message: `1 validation error:\n  ${item}\n [${item}]`, type: "Bad Request", param: null, code: 400 });
  });
});
