import { describe, expect, it } from "vitest";
import { diffScores } from "../../../lib/diff/scores";
import { diffTokenSequences } from "../../../lib/diff/tokens";
import { evaluateParity } from "../../../lib/parity/evaluate";
import { PARITY_RULES } from "../../../lib/parity/rules";
import { thresholdForRule } from "../../../lib/parity/threshold";
import { ParityRule, ParityRuleName, Verdict } from "../../../lib/schemas/parity";
import { pos, seq } from "../diff/build";

const prompt = (lpsA: (number | null)[], lpsB: (number | null)[], ids = lpsA.map((_, i) => 100 + i)) =>
  diffTokenSequences(seq(ids, lpsA), seq(ids, lpsB));

describe("rule definitions", () => {
  it("parse with the defaults of the tests they come from", () => {
    expect(ParityRule.parse({ name: "sglang-ci" })).toEqual({ name: "sglang-ci", promptTolerance: 0.05, outputTolerance: 0.05 });
    expect(ParityRule.parse({ name: "atol-rtol" })).toEqual({ name: "atol-rtol", atol: 0.01, rtol: 0.01 });
    expect(ParityRule.parse({ name: "score-gate" })).toEqual({ name: "score-gate", maxAbs: 0.02, meanAbs: 0.01 });
    expect(() => ParityRule.parse({ name: "atol-rtol", atol: -1 })).toThrow();
    expect(() => ParityRule.parse({ name: "nope" })).toThrow();
  });

  it("PARITY_RULES describes every rule with its source", () => {
    expect(Object.keys(PARITY_RULES).sort()).toEqual([...ParityRuleName.options].sort());
    for (const [name, info] of Object.entries(PARITY_RULES)) {
      expect(info.name).toBe(name);
      expect(info.definition.length).toBeGreaterThan(10);
    }
    expect(PARITY_RULES["topk-containment"].source).toBe("vLLM's model tests");
  });

  it("give the diff its divergence threshold", () => {
    expect(thresholdForRule(ParityRule.parse({ name: "sglang-ci", outputTolerance: 0.1 }), "output")).toEqual({ atol: 0.1, rtol: 0 });
    expect(thresholdForRule(ParityRule.parse({ name: "bitwise" }), "prompt")).toEqual({ atol: 0, rtol: 0 });
    expect(thresholdForRule(ParityRule.parse({ name: "topk-containment" }), "prompt")).toBeNull();
  });
});

describe("sglang-ci", () => {
  it("passes within 0.05, naming the largest |Δ| and the missing first token", () => {
    const v = evaluateParity({ name: "sglang-ci" }, { prompts: [prompt([null, -1, -2], [null, -1.03, -2.01])] });
    expect(v.status).toBe("pass");
    expect(() => Verdict.parse(v)).not.toThrow();
    expect(v).toMatchObject({ rule: "sglang-ci", params: { promptTolerance: 0.05, outputTolerance: 0.05 }, checked: 2, missing: 1 });
    expect(v.reason).toContain("All 2 compared positions are within |Δ| ≤ 0.05; largest prompt item 0 position 1 (\"t101\"): A -1, B -1.03, Δ -0.03.");
    expect(v.reason).toContain("1 position missing on both sides (not compared).");
    expect(v.reason).toContain("Output: no output logprobs in this run.");
  });

  it("fails naming the worst offender's item, position and values", () => {
    const v = evaluateParity(
      { name: "sglang-ci" },
      { prompts: [prompt([-1, -1], [-1.01, -1.02]), prompt([-1, -2, -3], [-1, -2.08, -3.06])] },
    );
    expect(v.status).toBe("fail");
    expect(v.worst).toMatchObject({ part: "prompt", item: 1, position: 1, a: -2, b: -2.08 });
    expect(v.reason).toContain("2 of 5 positions break |Δ| ≤ 0.05; worst prompt item 1 position 1 (\"t101\"): A -2, B -2.08, Δ -0.08.");
  });

  it("judges prompt and output separately, each with its own tolerance", () => {
    const input = { prompts: [prompt([-1], [-1.07])], output: prompt([-1], [-1.02]) };
    const v = evaluateParity({ name: "sglang-ci", promptTolerance: 0.1, outputTolerance: 0.01 }, input);
    expect(v.parts.map((p) => [p.part, p.status])).toEqual([
      ["prompt", "pass"],
      ["output", "fail"],
    ]);
    expect(v.status).toBe("fail");
    expect(v.reason.startsWith("Output: ")).toBe(true);
  });

  it("fails on a logprob present on one side only, saying how many", () => {
    const v = evaluateParity({ name: "sglang-ci" }, { output: prompt([-1, -2, -3], [-1, null, -3]) });
    expect(v.status).toBe("fail");
    expect(v.reason).toContain("1 position has a logprob on one side only, first output position 1");
    expect(v.missing).toBe(1);
  });

  it("fails when output tokens differ, and stops comparing there", () => {
    const out = diffTokenSequences(seq([1, 2, 3, 4], [-1, -1, -1, -1]), seq([1, 2, 9, 4], [-1, -1, -5, -1]));
    const v = evaluateParity({ name: "sglang-ci" }, { output: out });
    expect(v.status).toBe("fail");
    expect(v.reason).toContain('Token ids differ at output position 2: A "t3" #3, B "t9" #9');
    expect(v.checked).toBe(2);
    expect(v.missing).toBe(2);
  });

  it("fails, not passes, when every position is missing", () => {
    const v = evaluateParity({ name: "sglang-ci" }, { prompts: [prompt([null, null], [null, null])] });
    expect(v.status).toBe("fail");
    expect(v.reason).toContain("Nothing to compare");
    expect(v.missing).toBe(2);
  });
});

describe("atol-rtol", () => {
  it("uses |a−b| ≤ atol + rtol·|b|", () => {
    // bound at b = -10: 0.01 + 0.01·10 = 0.11
    expect(evaluateParity({ name: "atol-rtol" }, { output: prompt([-10], [-10.1]) }).status).toBe("pass");
    const v = evaluateParity({ name: "atol-rtol" }, { output: prompt([-1], [-1.1]) }); // bound 0.021
    expect(v.status).toBe("fail");
    expect(v.reason).toContain("|a−b| ≤ 0.01 + 0.01·|b|");
    expect(evaluateParity({ name: "atol-rtol", atol: 0.2, rtol: 0 }, { output: prompt([-1], [-1.1]) }).status).toBe("pass");
  });
});

describe("topk-containment", () => {
  const a = [pos(1, -0.1, [[1, -0.1], [2, -2.5]]), pos(2, -0.6, [[2, -0.6], [3, -0.9]]), pos(4, -1, [[4, -1]])];

  it("passes with no mismatch, and when each token is in the other's top-k at the first one", () => {
    expect(evaluateParity({ name: "topk-containment" }, { output: diffTokenSequences(a, a) }).status).toBe("pass");
    const b = [pos(1, -0.1, [[1, -0.1]]), pos(3, -0.7, [[3, -0.7], [2, -0.8]]), pos(9, -1, [[9, -1]])];
    const v = evaluateParity({ name: "topk-containment" }, { output: diffTokenSequences(a, b) });
    expect(v.status).toBe("pass");
    expect(v.checked).toBe(2); // stops at the first mismatch; position 2 is never judged
  });

  it("fails when a token is outside the other's top-k, naming it", () => {
    const b = [pos(1, -0.1, [[1, -0.1]]), pos(3, -0.7, [[3, -0.7], [5, -0.8]])];
    const v = evaluateParity({ name: "topk-containment" }, { output: diffTokenSequences(a, b) });
    expect(v.status).toBe("fail");
    expect(v.reason).toContain("A's token is not in B's top-k");
    expect(v.worst).toMatchObject({ part: "output", position: 1 });
  });

  it("fails when a top-k list is missing at the mismatch", () => {
    const b = [pos(1, -0.1, [[1, -0.1]]), pos(3, -0.7, null)];
    expect(evaluateParity({ name: "topk-containment" }, { output: diffTokenSequences(a, b) }).reason).toContain("cannot be checked");
  });

  it("reports a length difference without a mismatch", () => {
    const v = evaluateParity({ name: "topk-containment" }, { output: diffTokenSequences(a, a.slice(0, 2)) });
    expect(v.status).toBe("pass");
    expect(v.missing).toBe(1);
    expect(v.reason).toContain("1 position past the shorter side not walked");
  });
});

describe("bitwise", () => {
  it("passes identical tokens and logprobs, missing on both sides included", () => {
    const v = evaluateParity({ name: "bitwise" }, { prompts: [prompt([null, -1.5], [null, -1.5])] });
    expect(v.status).toBe("pass");
    expect(v.reason).toContain("The one value is bit-identical.");
  });

  it("fails on the smallest difference, naming the first one", () => {
    const v = evaluateParity({ name: "bitwise" }, { output: prompt([-1, -2, -3], [-1, -2 + 1e-7, -3.5]) });
    expect(v.status).toBe("fail");
    expect(v.worst).toMatchObject({ position: 1 });
    expect(v.reason).toContain("2 of 3 values differ; first at output position 1");
    expect(v.reason).toContain("max |Δ| 0.5");
  });

  it("fails when a value is missing on one side only", () => {
    expect(evaluateParity({ name: "bitwise" }, { output: prompt([-1, null], [-1, -2]) }).status).toBe("fail");
  });

  it("checks scores too", () => {
    expect(evaluateParity({ name: "bitwise" }, { scores: diffScores([[0.5]], [[0.5]]) }).status).toBe("pass");
    const v = evaluateParity({ name: "bitwise" }, { scores: diffScores([[0.5, 0.25]], [[0.5, 0.2500001]]) });
    expect(v.status).toBe("fail");
    expect(v.reason).toContain("score item 0 label 1");
  });
});

describe("score-gate", () => {
  it("is n/a without scores (not a pass)", () => {
    const v = evaluateParity({ name: "score-gate" }, { output: prompt([-1], [-1]) });
    expect(v.status).toBe("n/a");
    expect(v.reason).toBe("score-gate needs /v1/score results; this run has none.");
  });

  it("passes max ≤ 0.02 and mean ≤ 0.01", () => {
    const v = evaluateParity({ name: "score-gate" }, { scores: diffScores([[0.5], [0.3], [0.2]], [[0.515], [0.3], [0.2]]) });
    expect(v.status).toBe("pass");
    expect(v.reason).toContain("Max |Δscore| 0.015 ≤ 0.02 at score item 0 label 0: A 0.5, B 0.515");
  });

  it("fails on max, and on mean alone", () => {
    expect(evaluateParity({ name: "score-gate" }, { scores: diffScores([[0.5]], [[0.53]]) }).status).toBe("fail");
    const mean = evaluateParity({ name: "score-gate" }, { scores: diffScores([[0.5], [0.5]], [[0.515], [0.515]]) });
    expect(mean.status).toBe("fail");
    expect(mean.reason).toContain("mean |Δscore| 0.015 > 0.01");
  });

  it("fails on a score missing on one side", () => {
    const v = evaluateParity({ name: "score-gate" }, { scores: diffScores([[0.5], [0.4]], [[0.5], [Number.NaN]]) });
    expect(v.status).toBe("fail");
    expect(v.reason).toContain("1 entry has a score on one side only, first score item 1 label 0: A 0.4, B none.");
  });
});

describe("tri-state", () => {
  it("a rule with nothing of its kind to judge is n/a; with data but nothing comparable it fails", () => {
    expect(evaluateParity({ name: "sglang-ci" }, {}).status).toBe("n/a");
    expect(evaluateParity({ name: "topk-containment" }, { scores: diffScores([[1]], [[1]]) }).status).toBe("n/a");
    expect(evaluateParity({ name: "bitwise" }, { output: prompt([null], [null]) }).status).toBe("fail");
  });
});

describe("bounds and decimal round-off", () => {
  it("a Δ equal to the bound in decimal passes (0.88 − 0.9 is 0.020000000000000018 in binary)", () => {
    const v = evaluateParity({ name: "score-gate" }, { scores: diffScores([[0.1, 0.9], [0.5, 0.5]], [[0.12, 0.88], [0.5, 0.5]]) });
    expect(v.status).toBe("pass");
    expect(evaluateParity({ name: "score-gate" }, { scores: diffScores([[0.9]], [[0.8799]]) }).status).toBe("fail");
    expect(evaluateParity({ name: "sglang-ci" }, { output: prompt([-0.9], [-0.95]) }).status).toBe("pass");
  });
});
