import type { ScoreCell } from "../../lib/schemas/cell";
import type { CellRunEvent, ItemLogprobs, SideResult } from "../../lib/schemas/cellRun";
import { mapLimit } from "../adapters/pool";
import type { CallOptions } from "../adapters/types";
import type { ScoreInput } from "./inputs";
import { emptySide, type SideContext } from "./sides";

/** Prompt-logprob passes in flight per side (on top of the one /v1/score call). */
const ITEM_CONCURRENCY = 4;

function sameIds(sent: number[], echoed: number[]): boolean | null {
  if (echoed.length === 0) return null;
  return sent.length === echoed.length && sent.every((v, i) => v === echoed[i]);
}

/**
 * One side of a score cell: /v1/score and the per-item prompt-logprob passes, all started at once.
 * Failures are kept per call; the side is ok only when every call answered.
 */
export async function runScoreSide(
  ctx: SideContext,
  cell: ScoreCell,
  input: ScoreInput,
  opts: CallOptions,
  emit: (e: CellRunEvent) => void,
): Promise<SideResult> {
  const { adapter, backend } = ctx;
  const scoreCall = adapter.score(
    backend,
    { query: input.query, items: input.items, labelIds: input.labelIds, applySoftmax: cell.applySoftmax, itemFirst: cell.itemFirst },
    opts,
  );
  const itemCalls = mapLimit(input.prompts, ITEM_CONCURRENCY, async (ids, item) => {
    const r = await adapter.promptLogprobs(backend, { ids, topK: cell.topK, labelIds: input.labelIds }, opts);
    emit({ type: "item", side: ctx.side, item, ok: r.ok });
    return r;
  });
  const [score, items] = await Promise.all([scoreCall, itemCalls]);

  const result = emptySide(ctx);
  result.exchanges.push(...(score.exchanges ?? []));
  for (const r of items) result.exchanges.push(...(r.exchanges ?? []));
  result.latencyMs = score.latencyMs;
  if (score.ok) {
    result.scores = score.scores;
    result.scorePromptTokens = score.promptTokens;
  }
  result.items = items.map(
    (r, i): ItemLogprobs =>
      r.ok
        ? {
            ok: true,
            error: null,
            tokens: r.tokens,
            next: r.next,
            latencyMs: r.latencyMs,
            idsMatch: sameIds(input.prompts[i] ?? [], r.tokens.map((t) => t.id)),
          }
        : { ok: false, error: r.error, tokens: [], next: null, latencyMs: r.latencyMs, idsMatch: null },
  );
  const firstItemError = items.find((r) => !r.ok);
  result.error = !score.ok ? score.error : firstItemError && !firstItemError.ok ? firstItemError.error : null;
  result.ok = result.error === null;
  return result;
}
