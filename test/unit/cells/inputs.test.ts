import { describe, expect, it } from "vitest";
import { ScoreCell, GenerateCell } from "../../../lib/schemas/cell";
import { describeIdDifference, planGenerate, planScore, stripPrefix } from "../../../server/cells/inputs";

/** A toy tokenizer for planning tests: BOS 1, then one id per character (a=10, b=11, …, space=99). */
const tok = (text: string): number[] => [1, ...[...text].map((c) => (c === " " ? 99 : c.charCodeAt(0) - 87))];
/** One that merges "ab" into a single id 500 anywhere in the text, to show boundary merges. */
const merging = (text: string): number[] => {
  const ids = tok(text);
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === 10 && ids[i + 1] === 11) {
      out.push(500);
      i++;
    } else out.push(ids[i] as number);
  }
  return out;
};

const score = (over: object) => ScoreCell.parse({ id: "c", kind: "score", query: "q", items: ["x"], labels: [7], ...over });

describe("planScore", () => {
  it("tokenizes whole prompts and splits item ids off the query", () => {
    const plan = planScore(score({ query: "qq", items: ["x", "yz"], labels: ["y", 42] }));
    expect(plan.texts).toEqual(["qq", "qqx", "qqyz", "qqxy"]);
    expect(plan.checkIndex).toBe(1);
    const built = plan.build(plan.texts.map(tok));
    expect(built).toMatchObject({
      ok: true,
      notes: [],
      value: { query: [1, 26, 26], items: [[33], [34, 35]], labelIds: [34, 42], prompts: [[1, 26, 26, 33], [1, 26, 26, 34, 35]] },
    });
  });

  it("item_first: the items carry the special token and the query follows them", () => {
    const plan = planScore(score({ query: "q", items: ["x", "y"], itemFirst: true }));
    expect(plan.texts).toEqual(["x", "y", "xq", "yq"]);
    const built = plan.build(plan.texts.map(tok));
    expect(built.ok && built.value).toMatchObject({ query: [26], items: [[1, 33], [1, 34]], prompts: [[1, 33, 26], [1, 34, 26]] });
  });

  it("a label string of two tokens is refused with its ids", () => {
    const plan = planScore(score({ labels: ["yes"] }));
    expect(plan.build(plan.texts.map(tok))).toEqual({ ok: false, message: 'label "yes" is 3 tokens ([34, 14, 28]); use a single token or give the id' });
  });

  it("says when query and item merge across their boundary", () => {
    const plan = planScore(score({ query: "a", items: ["b"], labels: [3] }));
    const built = plan.build(plan.texts.map(merging));
    expect(built.ok && built.notes).toEqual(["the query and item 0 merge across their boundary when tokenized together; the ids sent keep them apart"]);
  });

  it("refuses an item that adds no tokens", () => {
    const plan = planScore(score({ query: "q", items: ["x"] }));
    expect(plan.build([[1, 26], [1, 26]])).toEqual({ ok: false, message: "items.0: tokenizes to no tokens after the query; give it some text" });
  });
});

describe("planGenerate and id helpers", () => {
  it("sends the prompt's ids", () => {
    const plan = planGenerate(GenerateCell.parse({ id: "g", kind: "generate", prompt: "hi" }));
    expect(plan.build([[1, 2]])).toEqual({ ok: true, notes: [], value: { kind: "generate", prompt: [1, 2] } });
    expect(plan.build([[]])).toMatchObject({ ok: false });
  });

  it("splits on the longest common prefix", () => {
    expect(stripPrefix([1, 2, 3], [1, 2])).toEqual({ rest: [3], clean: true });
    expect(stripPrefix([1, 5, 3], [1, 2])).toEqual({ rest: [5, 3], clean: false });
  });

  it("describes where two id lists part", () => {
    expect(describeIdDifference([1, 2, 3], [1, 2, 3])).toBeNull();
    expect(describeIdDifference([1, 2, 3], [1, 4])).toBe("3 vs 2 tokens; first difference at position 1 (A 2, B 4)");
    expect(describeIdDifference([1, 2], [1, 2, 3])).toBe("2 vs 3 tokens; first difference at position 2 (A end, B 3)");
  });
});
