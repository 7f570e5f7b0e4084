import { describe, expect, it } from "vitest";
import { serverMessage } from "../../../server/adapters/errors";
import { parseJsonLenient } from "../../../server/adapters/json";
import { promptPositions, toAlt, toFinishReason } from "../../../server/adapters/normalize";
import { tokenTotals } from "../../../server/cells/compare";
import { diffTokenSequences } from "../../../lib/diff/tokens";

describe("wire helpers", () => {
  it("parses Python's bare NaN/Infinity as null, leaving strings alone", () => {
    expect(parseJsonLenient('[NaN, -Infinity, Infinity, "NaN", 1.5]')).toEqual({ ok: true, value: [null, null, null, "NaN", 1.5], nonFinite: 3 });
    expect(parseJsonLenient('{"a": "x\\"NaN"}')).toEqual({ ok: true, value: { a: 'x"NaN' }, nonFinite: 0 });
    expect(parseJsonLenient("nope").ok).toBe(false);
  });

  it("reads every error body shape", () => {
    expect(serverMessage('{"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400}', "application/json")).toBe("bad");
    expect(serverMessage('{"error":{"message":"Either text or input_ids"}}', null)).toBe("Either text or input_ids");
    expect(serverMessage('{"error":"Unauthorized"}', null)).toBe("Unauthorized");
    expect(serverMessage('{"detail":"Not Found"}', null)).toBe("Not Found");
    expect(serverMessage("", null)).toBeNull();
    expect(serverMessage("plain   text\nhere", "text/plain")).toBe("plain text here");
  });

  it("maps logprob tuples; non-finite or missing logprobs are null", () => {
    expect(toAlt([-0.5, 12, " a"])).toEqual({ id: 12, text: " a", logprob: -0.5 });
    expect(toAlt([null, 12, null])).toEqual({ id: 12, text: null, logprob: null });
    expect(toAlt(["x", 12])).toEqual({ id: 12, text: null, logprob: null });
    expect(toAlt([0.1, "12"])).toBeNull();
    const seq = promptPositions({ input_token_logprobs: [[-1, 5, "a"], [-2, 6, "b"]], input_top_logprobs: [null, [[-2, 6, "b"]]] });
    expect(seq.map((p) => p.logprob)).toEqual([null, -2]); // the first prompt logprob is null, always
    expect(seq[0]?.top).toBeNull();
  });

  it("finish reasons in words", () => {
    expect(toFinishReason({ type: "stop", matched: 13 })).toEqual({ type: "stop", detail: 13 });
    expect(toFinishReason({ type: "abort", message: "client gone", status_code: 400 })).toEqual({ type: "abort", detail: "client gone" });
    expect(toFinishReason(null)).toBeNull();
  });

  it("folds per-item diffs into run totals weighted by what each compared", () => {
    const pos = (id: number, logprob: number | null) => ({ id, text: null, logprob, top: [{ id, text: null, logprob: logprob ?? -1 }] });
    const d1 = diffTokenSequences([pos(1, null), pos(2, -1)], [pos(1, null), pos(2, -1.5)]);
    const d2 = diffTokenSequences([pos(1, null), pos(2, -1), pos(3, -2)], [pos(1, null), pos(2, -1.1), pos(4, -2)]);
    const t = tokenTotals([{ item: 0, diff: d1 }, { item: 1, diff: d2 }]);
    expect(t).toMatchObject({ sequences: 2, compared: 3, missing: 2, firstDivergence: { item: 1, position: 2, reason: "token" } });
    expect(t.maxAbsDiff).toBeCloseTo(0.5);
    expect(t.meanAbsDiff).toBeCloseTo((0.5 + 0.1 + 0) / 3);
  });
});
