import { z } from "zod";
import { ParityRule, ParityRuleName, type ParityRuleInput } from "./parity";

/**
 * Notebook cells as stored data (no runtime state: see cellRun.ts for results).
 * Limits keep one cell runnable in seconds and storable in SQLite; every message says what to change.
 */
export const CELL_LIMITS = {
  /** Characters of text in one cell (query + all items, or the prompt). */
  textChars: 64 * 1024,
  items: 256,
  labels: 32,
  maxNewTokens: 2048,
  /** Top-k logprobs per position; the servers accept more, but the diff view shows at most 20. */
  topK: 20,
  stops: 8,
  timeoutMs: 600_000,
} as const;

export const CellId = z
  .string()
  .min(1, "cell id is empty")
  .max(64, "cell id is longer than 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "cell id may use only letters, digits, '-' and '_'");
export type CellId = z.infer<typeof CellId>;

/** A rule by name ("sglang-ci") or as an object with parameters ({name: "atol-rtol", atol: 0.1}). */
const RuleField = z.preprocess((v, ctx) => {
  const name = typeof v === "string" ? v : typeof v === "object" && v !== null ? (v as { name?: unknown }).name : undefined;
  if (v !== undefined && !ParityRuleName.safeParse(name).success) {
    ctx.addIssue({ code: "custom", message: `rule must be one of ${ParityRuleName.options.join(", ")} (a name, or {"name": …, parameters})` });
    return z.NEVER;
  }
  return typeof v === "string" ? { name: v } : v;
}, ParityRule) as unknown as z.ZodType<ParityRule, ParityRuleInput | ParityRuleName>; // preprocess erases the input type

const timeoutMs = z
  .number()
  .int()
  .min(100, "timeoutMs must be at least 100 ms")
  .max(CELL_LIMITS.timeoutMs, `timeoutMs must be at most ${CELL_LIMITS.timeoutMs} ms`)
  .optional();

const topK = z
  .number()
  .int()
  .min(0, "topK must be ≥ 0")
  .max(CELL_LIMITS.topK, `topK must be ≤ ${CELL_LIMITS.topK}`)
  .default(5);

export const MarkdownCell = z.object({
  id: CellId,
  kind: z.literal("markdown"),
  source: z.string().max(CELL_LIMITS.textChars, `markdown is longer than ${CELL_LIMITS.textChars} characters; split it`),
});
export type MarkdownCell = z.infer<typeof MarkdownCell>;

/** A label is a token id, or a string that must tokenize to exactly one id (e.g. " yes"). */
export const Label = z.union([
  z.number().int().min(0, "a label id must be ≥ 0"),
  z.string().min(1, "a label string is empty; give the token text (e.g. \" yes\") or its id"),
]);
export type Label = z.infer<typeof Label>;

/**
 * Score cell: /v1/score on both backends plus per-item teacher-forced prompt logprobs.
 * Defaults: applySoftmax true (scores as a distribution over the labels, the common use; the servers'
 * own default is false = exp(logprob) under the full vocabulary), itemFirst false, topK 5,
 * rule score-gate (the rule made for /v1/score results).
 */
export const ScoreCell = z
  .object({
    id: CellId,
    kind: z.literal("score"),
    title: z.string().max(200).optional(),
    query: z.string(),
    items: z
      .array(z.string().min(1, "this item is empty; remove it or give it text"))
      .min(1, "a score cell needs at least one item")
      .max(CELL_LIMITS.items, `a score cell takes at most ${CELL_LIMITS.items} items; split the cell`),
    labels: z
      .array(Label)
      .min(1, "give at least one label (a token id or a single-token string such as \" yes\")")
      .max(CELL_LIMITS.labels, `at most ${CELL_LIMITS.labels} labels`),
    applySoftmax: z.boolean().default(true),
    itemFirst: z.boolean().default(false),
    topK,
    rule: RuleField.default({ name: "score-gate", maxAbs: 0.02, meanAbs: 0.01 }),
    timeoutMs,
  })
  .superRefine((c, ctx) => {
    const chars = c.query.length + c.items.reduce((s, i) => s + i.length, 0);
    if (chars > CELL_LIMITS.textChars) {
      ctx.addIssue({
        code: "custom",
        path: ["items"],
        message: `query + items hold ${chars} characters; the limit is ${CELL_LIMITS.textChars}: shorten them or split the cell`,
      });
    }
  });
export type ScoreCell = z.infer<typeof ScoreCell>;

export const Sampling = z.strictObject({
  maxNewTokens: z
    .number()
    .int()
    .min(1, "maxNewTokens must be ≥ 1")
    .max(CELL_LIMITS.maxNewTokens, `maxNewTokens must be ≤ ${CELL_LIMITS.maxNewTokens}`)
    .default(32),
  /** 0 = greedy, the only setting where two backends can be expected to produce the same tokens. */
  temperature: z.number().min(0, "temperature must be ≥ 0").max(2, "temperature must be ≤ 2").default(0),
  topP: z.number().gt(0, "topP must be in (0, 1]").max(1, "topP must be in (0, 1]").optional(),
  topK: z.number().int().min(-1, "topK must be -1 (off) or ≥ 1").optional(),
  seed: z.number().int().min(0).optional(),
  stop: z.array(z.string().min(1, "a stop string is empty")).max(CELL_LIMITS.stops).optional(),
});
export type Sampling = z.infer<typeof Sampling>;

/**
 * Generate cell: the same prompt ids streamed from both backends.
 * Default rule topk-containment (vLLM's generation test): bf16 vs fp32 backends rarely meet a fixed
 * |Δlogprob| bound over a whole generation, while "each side's token is in the other's top-k at the
 * first mismatch" separates real divergence from numeric noise. sglang-ci is one click away.
 */
export const GenerateCell = z.object({
  id: CellId,
  kind: z.literal("generate"),
  title: z.string().max(200).optional(),
  prompt: z
    .string()
    .min(1, "the prompt is empty")
    .max(CELL_LIMITS.textChars, `the prompt is longer than ${CELL_LIMITS.textChars} characters; shorten it`),
  sampling: Sampling.prefault({}),
  topK,
  rule: RuleField.default({ name: "topk-containment" }),
  timeoutMs,
});
export type GenerateCell = z.infer<typeof GenerateCell>;

export const Cell = z.discriminatedUnion("kind", [MarkdownCell, ScoreCell, GenerateCell]);
export type Cell = z.infer<typeof Cell>;
export type CellInput = z.input<typeof Cell>;

/** Cells that talk to backends. */
export type RunnableCell = ScoreCell | GenerateCell;
