import { diffTokenSequences } from "../../lib/diff/tokens";
import type { CellRunResult, Side, TeacherForced } from "../../lib/schemas/cellRun";
import type { CallOptions } from "../adapters/types";
import { thresholds } from "./compare";
import { DEFAULT_CELL_TIMEOUT_MS, type CellBackends } from "./runCell";
import { sideContexts } from "./sides";

export interface TeacherForceOptions extends Partial<CallOptions> {
  /** Top-k per position (use the cell's topK). */
  topK?: number;
}

/**
 * After two generations part ways, forces one side's output (prompt + its generated ids) through
 * both backends' prompt-logprob pass, so the token-by-token comparison continues past the split.
 * Both sides are re-scored, not only the other one: a decode-time logprob and a prefill-time logprob
 * of the same token can differ numerically, and the comparison should be like for like.
 * Returns a new result with `teacherForced` set; the original verdict is left as it was.
 */
export async function teacherForce(
  result: CellRunResult,
  reference: Side,
  backends: CellBackends,
  opts: TeacherForceOptions = {},
): Promise<CellRunResult> {
  if (result.kind !== "generate" || result.input?.kind !== "generate") {
    throw new Error("teacher forcing applies to generate cells that were sent");
  }
  const prompt = result.input.prompt;
  const output = result[reference].output;
  const base: TeacherForced = { reference, ids: prompt, outputStart: prompt.length, a: null, b: null, errors: [], diff: null, exchanges: [] };
  if (!output || output.tokens.length === 0) {
    return { ...result, teacherForced: { ...base, errors: [`${reference.toUpperCase()} has no generated tokens to force`] } };
  }
  const ids = [...prompt, ...output.tokens.map((t) => t.id)];
  const sides = sideContexts(backends);
  const call: CallOptions = { timeoutMs: opts.timeoutMs ?? DEFAULT_CELL_TIMEOUT_MS, signal: opts.signal };
  const req = { ids, topK: opts.topK ?? 5, labelIds: [] };
  const [ra, rb] = await Promise.all([
    sides.a.adapter.promptLogprobs(sides.a.backend, req, call),
    sides.b.adapter.promptLogprobs(sides.b.backend, req, call),
  ]);
  const forced: TeacherForced = { ...base, ids };
  for (const [side, r] of [["a", ra], ["b", rb]] as const) {
    forced.exchanges.push(...(r.exchanges ?? []));
    if (r.ok) forced[side] = r.tokens.slice(prompt.length);
    else forced.errors.push(`${side.toUpperCase()}: ${r.error.message}`);
  }
  if (forced.a && forced.b) forced.diff = diffTokenSequences(forced.a, forced.b, { threshold: thresholds(result.rule).output });
  return { ...result, teacherForced: forced };
}
