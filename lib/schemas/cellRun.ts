import { z } from "zod";
import { BackendError, BackendIdentity } from "./backend";
import { Dialect } from "./dialect";
import { ScoreDiff, TokenDiff } from "./diff";
import { Exchange } from "./exchange";
import { ParityRule, Verdict } from "./parity";
import { TokenAlt, TokenPosition, TokenSequence } from "./tokens";

/**
 * The result of running one score or generate cell on two backends ("a" and "b"), with everything
 * needed to show it, audit it (exact requests and raw responses), and re-judge it under another rule
 * without re-running (token sequences and scores are kept; diffs and verdict are derived from them).
 */

export const Side = z.enum(["a", "b"]);
export type Side = z.infer<typeof Side>;

/** A backend as a result may show it: never the API key. */
export const ResultBackend = z.object({
  name: z.string(),
  dialect: Dialect,
  baseUrl: z.string(),
  model: z.string().nullable(),
});
export type ResultBackend = z.infer<typeof ResultBackend>;

/** The next-token distribution after a prompt (what /v1/score reads), when the server sent it. */
export const NextToken = z.object({
  top: z.array(TokenAlt).nullable(),
  labels: z.array(TokenAlt).nullable(),
});
export type NextToken = z.infer<typeof NextToken>;

export const FinishReason = z.object({
  type: z.string(),
  detail: z.union([z.string(), z.number()]).nullable(),
});
export type FinishReason = z.infer<typeof FinishReason>;

/** One item's teacher-forced prompt logprobs on one side. */
export const ItemLogprobs = z.object({
  ok: z.boolean(),
  error: BackendError.nullable(),
  tokens: TokenSequence,
  next: NextToken.nullable(),
  latencyMs: z.number().nullable(),
  /** Ids the server echoed equal the ids sent (null when it echoed none). */
  idsMatch: z.boolean().nullable(),
});
export type ItemLogprobs = z.infer<typeof ItemLogprobs>;

export const GenerateOutput = z.object({
  tokens: TokenSequence,
  text: z.string(),
  finishReason: FinishReason.nullable(),
  /** Server counts (meta_info), never derived from chunk counts. */
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  /** true when the stream failed and these are the tokens that arrived before it did. */
  partial: z.boolean(),
});
export type GenerateOutput = z.infer<typeof GenerateOutput>;

export const SideResult = z.object({
  side: Side,
  backend: ResultBackend,
  identity: BackendIdentity.nullable(),
  ok: z.boolean(),
  error: BackendError.nullable(),
  /** Latency of the side's main call (/v1/score or the generate stream), send → last byte. */
  latencyMs: z.number().nullable(),
  /** Every call made for this side, in order, with the request sent and the raw answer. */
  exchanges: z.array(Exchange),
  /** Score cells: scores[item][label] (null = missing), or null when /v1/score failed. */
  scores: z.array(z.array(z.number().nullable())).nullable(),
  /** Score cells: usage.prompt_tokens when the server reports it. */
  scorePromptTokens: z.number().int().nullable(),
  /** Score cells: per-item prompt logprobs, in item order. */
  items: z.array(ItemLogprobs),
  /** Generate cells. */
  output: GenerateOutput.nullable(),
});
export type SideResult = z.infer<typeof SideResult>;

/** The ids both backends received (pre-tokenized once). */
export const SentInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("score"),
    query: z.array(z.number().int()),
    items: z.array(z.array(z.number().int())),
    /** Full prompt per item as sent for prompt logprobs (query+item, or item+query). */
    prompts: z.array(z.array(z.number().int())),
    labelIds: z.array(z.number().int()),
    labels: z.array(z.object({ label: z.union([z.string(), z.number()]), id: z.number().int() })),
  }),
  z.object({ kind: z.literal("generate"), prompt: z.array(z.number().int()) }),
]);
export type SentInput = z.infer<typeof SentInput>;

export const TokenizationCheck = z.object({
  /** Which side's server turned text into ids (null if tokenization never ran). */
  source: Side.nullable(),
  method: z.enum(["tokenize", "generate-echo"]).nullable(),
  /** Everything agreed: the other side's tokenizer (where checked) and every echo of the ids sent. */
  match: z.boolean().nullable(),
  /** Sentences naming each disagreement (or why a check could not run). */
  details: z.array(z.string()),
});
export type TokenizationCheck = z.infer<typeof TokenizationCheck>;

/** Token-diff numbers folded over every sequence of a run (all items, or the one output). */
export const TokenDiffTotals = z.object({
  sequences: z.number().int(),
  compared: z.number().int(),
  missing: z.number().int(),
  maxAbsDiff: z.number().nullable(),
  meanAbsDiff: z.number().nullable(),
  argmaxAgreement: z.number().nullable(),
  /** First sequence (item index, null for a generated output) with a divergence, and where. */
  firstDivergence: z.object({ item: z.number().int().nullable(), position: z.number().int(), reason: z.string() }).nullable(),
});
export type TokenDiffTotals = z.infer<typeof TokenDiffTotals>;

export const CellDiff = z.object({
  scores: ScoreDiff.nullable(),
  /** Score cells: one diff per item (A's vs B's teacher-forced prompt logprobs). */
  prompts: z.array(TokenDiff),
  /** Generate cells: A's vs B's generated output. */
  output: TokenDiff.nullable(),
  tokens: TokenDiffTotals,
});
export type CellDiff = z.infer<typeof CellDiff>;

/** Both sides re-scored on one side's generated tokens, so the comparison continues past a split. */
export const TeacherForced = z.object({
  /** Whose output was forced on both. */
  reference: Side,
  ids: z.array(z.number().int()),
  /** Index in `ids` where the generated part starts. */
  outputStart: z.number().int(),
  a: TokenSequence.nullable(),
  b: TokenSequence.nullable(),
  errors: z.array(z.string()),
  /** Diff of the generated part only. */
  diff: TokenDiff.nullable(),
  exchanges: z.array(Exchange),
});
export type TeacherForced = z.infer<typeof TeacherForced>;

export const CellRunStatus = z.enum(["ok", "partial", "error"]);
export type CellRunStatus = z.infer<typeof CellRunStatus>;

export const CellRunResult = z.object({
  format: z.literal("sglang-studio.cell-run"),
  version: z.literal(1),
  cellId: z.string(),
  kind: z.enum(["score", "generate"]),
  /** ok = both sides answered; partial = one did; error = neither, or the run stopped before sending. */
  status: CellRunStatus,
  /** Why the run stopped before sending (bad label, tokenization failed…), in words. */
  error: BackendError.nullable(),
  startedAt: z.string(),
  durationMs: z.number(),
  rule: ParityRule,
  input: SentInput.nullable(),
  tokenization: TokenizationCheck,
  a: SideResult,
  b: SideResult,
  diff: CellDiff.nullable(),
  verdict: Verdict.nullable(),
  teacherForced: TeacherForced.nullable(),
});
export type CellRunResult = z.infer<typeof CellRunResult>;

/** Live events while a cell runs (for the UI's streaming view). */
export const CellRunEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("phase"), phase: z.enum(["identity", "tokenize", "send", "compare", "done"]) }),
  /** A generate stream advanced: `added` are the new positions, `tokens` the count so far. */
  z.object({ type: z.literal("tokens"), side: Side, tokens: z.number().int(), text: z.string(), added: z.array(TokenPosition) }),
  /** A score cell's item finished its prompt-logprob pass on one side. */
  z.object({ type: z.literal("item"), side: Side, item: z.number().int(), ok: z.boolean() }),
  z.object({ type: z.literal("side-done"), side: Side, ok: z.boolean(), error: BackendError.nullable(), latencyMs: z.number().nullable() }),
]);
export type CellRunEvent = z.infer<typeof CellRunEvent>;
