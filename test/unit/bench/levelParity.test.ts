import { describe, expect, it } from "vitest";
import { BenchmarkDraft, type BenchmarkSpec } from "../../../lib/schemas/benchmark";
import { levelParity } from "../../../server/bench/levelParity";
import { sealSpec } from "../../../server/bench/requestHash";

/** Parity over every request snapshot of a level: each must pass, and an unanswered one is not a pass. */

function spec(requests: number): BenchmarkSpec {
  const sealed = sealSpec(
    BenchmarkDraft.parse({
      name: "p",
      requests: Array.from({ length: requests }, (_, i) => ({ kind: "score", query: [1, i], items: [[2], [3]], labelIds: [4, 5] })),
      backends: [
        { name: "a", dialect: "sglang", baseUrl: "http://127.0.0.1:1" },
        { name: "b", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:2" },
      ],
      load: { kind: "closed", concurrency: [1] },
      requestsPerLevel: 4,
    }),
  );
  if (!sealed.ok) throw new Error(sealed.message);
  return sealed.spec;
}

const answer = (scores: number[][]) => ({ scores });
const same = answer([[0.5, 0.5], [0.2, 0.8]]);
const close = answer([[0.51, 0.49], [0.2, 0.8]]);
const wrong = answer([[0.9, 0.1], [0.2, 0.8]]);
const rule = { name: "score-gate" } as const;

describe("levelParity", () => {
  it("one request: the rule's own verdict", () => {
    const v = levelParity(spec(1), [same], [close], rule);
    expect(v).toMatchObject({ rule: "score-gate", status: "pass" });
    expect(v?.reason).not.toMatch(/request 1 of/);
  });

  it("a wrong answer to the second request fails the level, naming that request", () => {
    const v = levelParity(spec(3), [same, same, same], [close, wrong, close], rule);
    expect(v?.status).toBe("fail");
    expect(v?.reason).toMatch(/^request 2 of 3: /);
    expect(v?.worst).toMatchObject({ part: "scores", item: 0, label: 0 });
    expect(v?.checked).toBe(3 * 4); // every request's 2 items × 2 labels
  });

  it("every request passing passes, and says so", () => {
    const v = levelParity(spec(2), [same, same], [close, close], rule);
    expect(v?.status).toBe("pass");
    expect(v?.reason).toMatch(/\(all 2 requests sent pass\)$/);
  });

  it("a request sent but never answered by one side leaves the level n/a, never a pass", () => {
    const v = levelParity(spec(2), [same, null], [close, close], rule);
    expect(v?.status).toBe("n/a");
    expect(v?.reason).toBe("request 2 of 2: no successful answer from both backends to compare.");
  });

  it("a snapshot the level never sent (fewer requests than snapshots) is not judged", () => {
    const v = levelParity(spec(3), [same, undefined, undefined], [close, undefined, undefined], rule);
    expect(v?.status).toBe("pass");
    expect(v?.reason).toMatch(/^request 1 of 3: .*\(the only request sent\)$/);
  });

  it("no answers at all, or a backend with none, is null (the gate reads it as n/a)", () => {
    expect(levelParity(spec(2), [null, null], [close, close], rule)).toBeNull();
    expect(levelParity(spec(2), undefined, [close, close], rule)).toBeNull();
  });
});
