import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendConfig } from "../../../lib/schemas/backend";
import { CellRunResult, type CellRunEvent } from "../../../lib/schemas/cellRun";
import { recomputeVerdict, runCell, teacherForce } from "../../../server/cells";
import { startEngine, type RunningEngine } from "../../../server/engine";

/** The runner against reference engines: sglang in float32 vs sglang-jax in bfloat16, as in the default setup. */
let torch: RunningEngine;
let jax: RunningEngine;
let slow: RunningEngine;
beforeAll(async () => {
  [torch, jax, slow] = await Promise.all([
    startEngine({ dialect: "sglang", port: 0, dtype: "float32" }),
    startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16" }),
    startEngine({ dialect: "sglang-jax", port: 0, dtype: "bfloat16", stepDelayMs: 400 }),
  ]);
});
afterAll(async () => {
  await Promise.all([torch, jax, slow].map((e) => e?.close()));
});

const at = (e: RunningEngine, dialect: BackendConfig["dialect"], name: string): BackendConfig => ({ id: name, name, dialect, baseUrl: e.url, source: "reference" });
const pair = () => ({ a: at(torch, "sglang", "torch-fp32"), b: at(jax, "sglang-jax", "jax-bf16") });

const scoreCell = {
  id: "s",
  kind: "score" as const,
  query: "Is this review positive? Review:",
  items: [" Great product.", " Broke after a day.", " Fine."],
  labels: [" yes", " no"],
};
const generateCell = { id: "g", kind: "generate" as const, prompt: "Once upon a time", sampling: { maxNewTokens: 12 } };

describe("runCell on reference engines", () => {
  it("score: same ids to both, real float32-vs-bfloat16 differences, a verdict", async () => {
    const r = await runCell(scoreCell, pair());
    expect(() => CellRunResult.parse(r)).not.toThrow();
    expect(r.status).toBe("ok");
    expect(r.tokenization).toMatchObject({ source: "a", method: "tokenize", match: true, details: [] });
    expect(r.a.items.every((i) => i.idsMatch) && r.b.items.every((i) => i.idsMatch)).toBe(true);
    expect(r.a.identity?.isReferenceEngine).toBe(true);
    expect(r.b.identity?.dtype).toBe("bfloat16");
    const t = r.diff?.tokens;
    expect(t?.sequences).toBe(3);
    expect(t?.missing).toBe(3); // first prompt position on each item: null on both servers
    expect(t?.maxAbsDiff).toBeGreaterThan(0); // bf16 rounding shows
    expect(r.diff?.scores?.summary.compared).toBe(6);
    expect(r.verdict?.rule).toBe("score-gate");
    expect(["pass", "fail"]).toContain(r.verdict?.status);
    expect(recomputeVerdict(r, { name: "bitwise" }).verdict?.status).toBe("fail");
  });

  it("generate: both stream live; teacher forcing re-scores A's tokens on both", async () => {
    const events: CellRunEvent[] = [];
    const r = await runCell(generateCell, pair(), { onEvent: (e) => events.push(e) });
    expect(r.status).toBe("ok");
    expect(r.a.output?.completionTokens).toBe(12);
    expect(r.b.output?.completionTokens).toBe(12);
    const sides = new Set(events.filter((e) => e.type === "tokens").map((e) => e.type === "tokens" && e.side));
    expect(sides).toEqual(new Set(["a", "b"]));
    expect(r.verdict?.rule).toBe("topk-containment");
    const tf = await teacherForce(r, "a", pair(), { topK: 5 });
    expect(tf.teacherForced?.errors).toEqual([]);
    expect(tf.teacherForced?.a?.map((t) => t.id)).toEqual(r.a.output?.tokens.map((t) => t.id));
    expect(tf.teacherForced?.b?.map((t) => t.id)).toEqual(r.a.output?.tokens.map((t) => t.id));
    expect(tf.teacherForced?.diff?.summary.compared).toBe(12);
  });

  it("two sglang-jax engines: tokenized through the /generate echo", async () => {
    const r = await runCell(scoreCell, { a: at(jax, "sglang-jax", "jax-1"), b: at(jax, "sglang-jax", "jax-2") });
    expect(r.status).toBe("ok");
    expect(r.tokenization).toMatchObject({ source: "a", method: "generate-echo", match: true });
    expect(recomputeVerdict(r, { name: "bitwise" }).verdict?.status).toBe("pass"); // the same server twice
  });

  it("a slow engine times out under the cell's timeout; the fast side's result is kept", async () => {
    const r = await runCell({ ...generateCell, timeoutMs: 1000 }, { a: pair().a, b: at(slow, "sglang-jax", "slow") });
    expect(r.status).toBe("partial");
    expect(r.a.ok).toBe(true);
    expect(r.b.error?.kind).toMatch(/timeout/);
    expect(r.b.error?.message).toContain("within 1000 ms");
  });
});
