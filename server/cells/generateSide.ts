import type { GenerateCell } from "../../lib/schemas/cell";
import type { CellRunEvent, SideResult } from "../../lib/schemas/cellRun";
import type { CallOptions, GenerateResult } from "../adapters/types";
import type { GenerateInput } from "./inputs";
import { emptySide, type SideContext } from "./sides";

function toOutput(r: GenerateResult, partial: boolean): NonNullable<SideResult["output"]> {
  return {
    tokens: r.tokens,
    text: r.text,
    finishReason: r.finishReason,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    partial,
  };
}

/** One side of a generate cell: streams, reporting the new tokens of every event as they arrive. */
export async function runGenerateSide(
  ctx: SideContext,
  cell: GenerateCell,
  input: GenerateInput,
  opts: CallOptions,
  emit: (e: CellRunEvent) => void,
): Promise<SideResult> {
  let seen = 0;
  const r = await ctx.adapter.generate(
    ctx.backend,
    { ids: input.prompt, sampling: cell.sampling, topLogprobs: cell.topK },
    {
      ...opts,
      onProgress: (p) => {
        const added = p.tokens.slice(seen);
        seen = p.tokens.length;
        if (added.length > 0) emit({ type: "tokens", side: ctx.side, tokens: p.tokens.length, text: p.text, added });
      },
    },
  );
  const result = emptySide(ctx);
  result.exchanges.push(...(r.exchanges ?? []));
  result.latencyMs = r.latencyMs;
  result.ok = r.ok;
  if (r.ok) result.output = toOutput(r, false);
  else {
    result.error = r.error;
    if (r.partial && r.partial.tokens.length > 0) result.output = toOutput(r.partial, true);
  }
  return result;
}
