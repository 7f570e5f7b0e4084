import { describe, expect, it } from "vitest";
import type { CellInput } from "../../../lib/schemas/cell";
import { CellRunResult, type CellRunEvent } from "../../../lib/schemas/cellRun";
import { recomputeVerdict, runCell, teacherForce } from "../../../server/cells";
import { refusedUrl, type FakeDialect, type FakeOptions } from "../../fixtures/cells/fakeSglang";
import { backendAt, bodiesOf, useFakes } from "../../fixtures/cells/harness";

const fake = useFakes();

const scoreCell = (over: Partial<Extract<CellInput, { kind: "score" }>> = {}): CellInput => ({
  id: "s1",
  kind: "score",
  query: "Is this review positive? Review:",
  items: [" Great product.", " Broke after a day."],
  labels: [" yes", " no"],
  ...over,
});

const generateCell: CellInput = { id: "g1", kind: "generate", prompt: "Once upon a time the cat", sampling: { maxNewTokens: 5 } };

async function pair(a: Omit<FakeOptions, "dialect"> & { dialect?: FakeDialect } = {}, b: Omit<FakeOptions, "dialect"> & { dialect?: FakeDialect } = {}) {
  const da = a.dialect ?? "sglang";
  const db = b.dialect ?? "sglang-jax";
  const A = await fake({ ...a, dialect: da });
  const B = await fake({ perturb: 0.001, ...b, dialect: db });
  return { A, B, backends: { a: backendAt(A.url, da), b: backendAt(B.url, db) } };
}

describe("runCell: score", () => {
  it("sends the same ids to both, at the same moment, and judges the scores", async () => {
    const { A, B, backends } = await pair({ fault: (p) => (p === "/v1/score" ? { kind: "delay", ms: 300 } : undefined) });
    const events: CellRunEvent[] = [];
    const r = await runCell(scoreCell(), backends, { onEvent: (e) => events.push(e) });
    expect(() => CellRunResult.parse(r)).not.toThrow();
    expect(r.status).toBe("ok");
    expect(r.tokenization).toMatchObject({ source: "a", method: "tokenize", match: true });
    const [sa] = bodiesOf(A, "/v1/score");
    const [sb] = bodiesOf(B, "/v1/score");
    expect(sa?.query).toEqual(sb?.query);
    expect(sa?.items).toEqual(sb?.items);
    expect(sa?.label_token_ids).toEqual(sb?.label_token_ids);
    expect(sa?.query).toEqual(r.input?.kind === "score" && r.input.query);
    // B's score request arrived while A's (delayed 300 ms) was still in flight: both were started together
    const at = (s: typeof A) => s.requests.find((q) => q.path === "/v1/score")?.at ?? NaN;
    expect(Math.abs(at(A) - at(B))).toBeLessThan(150);
    // per-item prompt passes: the exact prompt ids, and the echoed ids match
    expect(bodiesOf(B, "/generate").filter((g) => g.input_ids).map((g) => g.input_ids)).toEqual(r.input?.kind === "score" ? r.input.prompts : null);
    expect(r.a.items.every((i) => i.idsMatch === true)).toBe(true);
    expect(r.a.scores).toHaveLength(2);
    expect(r.diff?.prompts).toHaveLength(2);
    expect(r.diff?.scores?.summary.compared).toBe(4);
    expect(r.diff?.tokens.missing).toBe(2); // the first position of each prompt: null on both, by design
    expect(r.verdict).toMatchObject({ rule: "score-gate", status: "pass" });
    expect(r.a.identity?.modelPath).toBe("fake/tiny-lm");
    expect(events.filter((e) => e.type === "item")).toHaveLength(4);
    expect(events.filter((e) => e.type === "side-done").map((e) => e.type === "side-done" && e.side).sort()).toEqual(["a", "b"]);
    expect(JSON.stringify(r)).not.toContain("apiKey");
  });

  it("resolves labels given as ids without tokenizing them, and rejects a multi-token label string", async () => {
    const { backends } = await pair();
    const ok = await runCell(scoreCell({ labels: [4242, " yes"] }), backends);
    expect(ok.input?.kind === "score" && ok.input.labels[0]).toEqual({ label: 4242, id: 4242 });
    const bad = await runCell(scoreCell({ labels: [" yes", " maybe so"] }), backends);
    expect(bad.status).toBe("error");
    expect(bad.error?.kind).toBe("invalid-input");
    expect(bad.error?.message).toMatch(/^label " maybe so" is 2 tokens \(\[\d+, \d+\]\); use a single token or give the id$/);
    expect(bad.a.exchanges.some((e) => e.label === "score")).toBe(false); // nothing sent after a bad label
  });

  it("refuses empty items and oversized input with the field path", async () => {
    const { backends } = await pair();
    await expect(runCell(scoreCell({ items: ["a", ""] }), backends)).rejects.toThrow("invalid cell: items.1: this item is empty; remove it or give it text");
    await expect(runCell(scoreCell({ items: ["x".repeat(70_000)] }), backends)).rejects.toThrow(/items: query \+ items hold 70\d\d\d characters; the limit is 65536/);
    await expect(runCell(scoreCell({ items: Array.from({ length: 300 }, () => "a") }), backends)).rejects.toThrow("items: a score cell takes at most 256 items; split the cell");
  });

  it("one backend down: the other side's result is kept and the failure is in words", async () => {
    const A = await fake({ dialect: "sglang" });
    const backends = { a: backendAt(A.url, "sglang"), b: backendAt(await refusedUrl(), "sglang-jax") };
    const r = await runCell(scoreCell(), backends);
    expect(r.status).toBe("partial");
    expect(r.a.ok).toBe(true);
    expect(r.a.scores).toHaveLength(2);
    expect(r.b.ok).toBe(false);
    expect(r.b.error?.kind).toBe("unreachable");
    expect(r.b.error?.message).toMatch(/^POST \/generate: could not connect to http:\/\/127\.0\.0\.1:\d+ \(connection refused\); is the server running on that port\?$/);
    expect(r.verdict?.status).toBe("n/a");
    expect(r.verdict?.reason).toContain("B gave nothing to compare");
  });

  it("the sglang side tokenizes even when it is B; if it is down, the other side does", async () => {
    const B = await fake({ dialect: "sglang" });
    const A = await fake({ dialect: "sglang-jax" });
    const r = await runCell(scoreCell(), { a: backendAt(A.url, "sglang-jax"), b: backendAt(B.url, "sglang") });
    expect(r.tokenization).toMatchObject({ source: "b", method: "tokenize", match: true });
    const down = await runCell(scoreCell(), { a: backendAt(A.url, "sglang-jax"), b: backendAt(await refusedUrl(), "sglang") });
    expect(down.tokenization).toMatchObject({ source: "a", method: "generate-echo" });
    expect(down.status).toBe("partial");
    expect(down.a.ok).toBe(true);
  });

  it.each(["sglang", "sglang-jax"] as const)("B answering /v1/score with 500 (%s) keeps B's prompt logprobs and A's everything", async (db) => {
    const body = JSON.stringify({ object: "error", message: "Internal server error: CUDA error", type: "InternalServerError", param: null, code: 500 });
    const { backends } = await pair({}, { dialect: db, fault: (p) => (p === "/v1/score" ? { kind: "status", status: 500, body } : undefined) });
    const r = await runCell(scoreCell(), backends);
    expect(r.status).toBe("partial");
    expect(r.b.error?.message).toBe("POST /v1/score answered 500 Internal Server Error: Internal server error: CUDA error");
    expect(r.b.items.every((i) => i.ok)).toBe(true);
    expect(r.diff?.scores).toBeNull();
    expect(r.diff?.prompts).toHaveLength(2);
  });

  it("a slow side times out under the cell's timeout while the other completes", async () => {
    const { backends } = await pair({}, { fault: (p) => (p === "/v1/score" ? { kind: "delay", ms: 2000 } : undefined) });
    const r = await runCell(scoreCell({ timeoutMs: 400 }), backends);
    expect(r.status).toBe("partial");
    expect(r.b.error?.kind).toBe("timeout");
    expect(r.b.error?.message).toContain("within 400 ms");
    expect(r.a.ok).toBe(true);
  });

  it("NaN logprobs on one side are counted as missing, never as 0", async () => {
    const { backends } = await pair({}, { fault: (p, body) => (p === "/generate" && body?.input_ids ? { kind: "nan-logprobs" } : undefined) });
    const r = await runCell(scoreCell({ rule: "sglang-ci" }), backends);
    expect(r.status).toBe("ok");
    const n = r.input?.kind === "score" ? r.input.prompts.reduce((s, p) => s + p.length, 0) : 0;
    expect(r.diff?.tokens.missing).toBe(n);
    expect(r.diff?.tokens.compared).toBe(0);
    expect(r.verdict?.status).toBe("fail");
    expect(r.verdict?.reason).toMatch(/missing/);
  });

  it("token ids a backend reports differently from those sent are reported", async () => {
    const { backends } = await pair({}, { fault: (p, body) => (p === "/generate" && Array.isArray(body?.input_ids) ? { kind: "ids-offset", by: 1 } : undefined) });
    const r = await runCell(scoreCell(), backends);
    expect(r.tokenization.match).toBe(false);
    expect(r.tokenization.details).toContain("B reports different prompt ids than were sent for items 0, 1");
    expect(r.b.items[0]?.idsMatch).toBe(false);
  });

  it("two tokenizers that disagree are reported (the source side's ids are sent)", async () => {
    const { backends } = await pair(
      {},
      { dialect: "sglang", fault: (p) => (p === "/tokenize" ? { kind: "status", status: 200, body: JSON.stringify({ tokens: [[1, 2, 3]], count: [3], max_model_len: 4096 }) } : undefined) },
    );
    const r = await runCell(scoreCell(), backends);
    expect(r.tokenization.match).toBe(false);
    expect(r.tokenization.details[0]).toMatch(/^the two backends tokenize the first prompt differently \(\d+ vs 3 tokens; first difference at position 1 \(A \d+, B 2\)\); A's ids are sent to both$/);
  });

  it("re-judges under another rule without sending anything", async () => {
    const { A, B, backends } = await pair();
    const r = await runCell(scoreCell(), backends);
    const before = A.requests.length + B.requests.length;
    const strict = recomputeVerdict(r, { name: "bitwise" });
    expect(A.requests.length + B.requests.length).toBe(before);
    expect(strict.verdict?.rule).toBe("bitwise");
    expect(strict.verdict?.status).toBe("fail");
    expect(strict.rule.name).toBe("bitwise");
    const ci = recomputeVerdict(r, { name: "sglang-ci" });
    expect(ci.verdict?.status).toBe("pass");
    expect(ci.diff?.prompts[0]?.summary.threshold).toEqual({ atol: 0.05, rtol: 0 });
  });
});

describe("runCell: generate", () => {
  it("streams both sides live and compares the outputs", async () => {
    const { backends } = await pair();
    const events: CellRunEvent[] = [];
    const r = await runCell(generateCell, backends, { onEvent: (e) => events.push(e) });
    expect(() => CellRunResult.parse(r)).not.toThrow();
    expect(r.status).toBe("ok");
    expect(r.a.output?.tokens).toHaveLength(5);
    expect(r.a.output?.completionTokens).toBe(5);
    expect(r.b.output?.text).toBe(r.a.output?.text);
    const live = events.filter((e): e is Extract<CellRunEvent, { type: "tokens" }> => e.type === "tokens");
    expect(live.filter((e) => e.side === "a").map((e) => e.tokens)).toEqual([1, 2, 3, 4, 5]);
    expect(live.filter((e) => e.side === "b").map((e) => e.tokens)).toEqual([1, 2, 3, 4, 5]);
    // interleaved: B's first token arrives before A's last one
    const firstB = live.findIndex((e) => e.side === "b");
    const lastA = live.map((e) => e.side).lastIndexOf("a");
    expect(firstB).toBeLessThan(lastA);
    expect(r.verdict).toMatchObject({ rule: "topk-containment", status: "pass" });
    expect(r.diff?.output?.summary.n).toBe(5);
  });

  it("a stream cut halfway on B keeps B's partial output and A's result", async () => {
    const { backends } = await pair({}, { fault: (p) => (p === "/generate" ? { kind: "cut-after", events: 2 } : undefined) });
    const r = await runCell(generateCell, backends);
    expect(r.status).toBe("partial");
    expect(r.b.error?.kind).toBe("stream-cut");
    expect(r.b.output).toMatchObject({ partial: true });
    expect(r.b.output?.tokens).toHaveLength(2);
    expect(r.a.output?.tokens).toHaveLength(5);
    expect(r.diff?.output?.summary.missing.bOnly).toBe(3);
  });

  it("teacher-forces A's output through both backends", async () => {
    const { B, backends } = await pair();
    const r = await runCell(generateCell, backends);
    const tf = await teacherForce(r, "a", backends, { topK: 3 });
    const forced = tf.teacherForced;
    expect(forced?.errors).toEqual([]);
    const prompt = r.input?.kind === "generate" ? r.input.prompt : [];
    expect(forced?.ids).toEqual([...prompt, ...(r.a.output?.tokens.map((t) => t.id) ?? [])]);
    expect(bodiesOf(B, "/generate").at(-1)?.input_ids).toEqual(forced?.ids);
    expect(forced?.a).toHaveLength(5);
    expect(forced?.b).toHaveLength(5);
    expect(forced?.diff?.summary.compared).toBe(5);
    expect(() => CellRunResult.parse(tf)).not.toThrow();
  });

  it("two sglang-jax backends tokenize through the /generate echo", async () => {
    const { backends } = await pair({ dialect: "sglang-jax" }, { dialect: "sglang-jax" });
    const r = await runCell(generateCell, backends);
    expect(r.tokenization).toMatchObject({ source: "a", method: "generate-echo", match: true });
    expect(r.status).toBe("ok");
  });
});
