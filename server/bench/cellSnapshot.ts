import type { BackendConfig } from "../../lib/schemas/backend";
import type { RequestSnapshot } from "../../lib/schemas/benchmark";
import type { RunnableCell } from "../../lib/schemas/cell";
import type { SentInput } from "../../lib/schemas/cellRun";
import type { ParityRuleInput } from "../../lib/schemas/parity";
import { planGenerate, planScore } from "../cells/inputs";
import { sideContexts } from "../cells/sides";
import { prepareInput } from "../cells/tokenize";

/**
 * A cell's exact request as a benchmark freezes it: the token ids the cell sends (tokenized once, the
 * way the cell runner does) plus the cell's request settings. Benchmarks then never re-tokenize, so every
 * request of every run is byte-identical.
 */

export function snapshotFromSentInput(cell: RunnableCell, input: SentInput): RequestSnapshot {
  if (cell.kind === "score" && input.kind === "score") {
    return { kind: "score", query: input.query, items: input.items, labelIds: input.labelIds, applySoftmax: cell.applySoftmax, itemFirst: cell.itemFirst };
  }
  if (cell.kind === "generate" && input.kind === "generate") {
    return { kind: "generate", ids: input.prompt, sampling: cell.sampling, topLogprobs: cell.topK };
  }
  throw new Error(`a ${cell.kind} cell cannot take a ${input.kind} input`);
}

/** Tokenizes a cell's text on its backends (sglang's /tokenize first) and freezes the result. */
export async function snapshotFromCell(
  cell: RunnableCell,
  backends: { a: BackendConfig; b: BackendConfig },
  timeoutMs: number,
): Promise<{ ok: true; snapshot: RequestSnapshot; rule: ParityRuleInput; notes: string[] } | { ok: false; message: string }> {
  const sides = sideContexts(backends);
  const prepared =
    cell.kind === "score" ? await prepareInput(planScore(cell), sides, { timeoutMs }) : await prepareInput(planGenerate(cell), sides, { timeoutMs });
  if (!prepared.value) return { ok: false, message: prepared.error?.message ?? "the cell could not be tokenized" };
  return { ok: true, snapshot: snapshotFromSentInput(cell, prepared.value), rule: cell.rule, notes: prepared.tokenization.details };
}
