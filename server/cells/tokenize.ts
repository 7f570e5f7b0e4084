import type { BackendError } from "../../lib/schemas/backend";
import type { Side, TokenizationCheck } from "../../lib/schemas/cellRun";
import type { Exchange } from "../../lib/schemas/exchange";
import type { CallOptions, Outcome, Tokenized } from "../adapters/types";
import { describeIdDifference, type TextPlan } from "./inputs";
import type { SideContext } from "./sides";

/** A server tokenizer when the dialect has one, else the ids /generate echoes back. */
export async function tokenizeOn(ctx: SideContext, texts: string[], opts: CallOptions): Promise<Outcome<Tokenized>> {
  const direct = await ctx.adapter.tokenize(ctx.backend, texts, opts);
  if (direct.ok || direct.error.kind !== "invalid-input") return direct;
  return ctx.adapter.echoTokenize(ctx.backend, texts, opts);
}

export interface Prepared<T> {
  value: T | null;
  error: BackendError | null;
  tokenization: TokenizationCheck;
  /** Evidence per side (tokenize calls belong to the side that served them). */
  exchanges: Record<Side, Exchange[]>;
  /** A side whose tokenizer call failed (it is probably down). */
  failed: Partial<Record<Side, BackendError>>;
}

/**
 * Tokenizes once, on an sglang side when there is one (it has /tokenize), else on A via /generate;
 * if that side fails, the other side is tried. Meanwhile the other side tokenizes the first full
 * prompt, and a difference is reported (the ids of the source side are still the ones sent).
 */
export async function prepareInput<T>(plan: TextPlan<T>, sides: Record<Side, SideContext>, opts: CallOptions): Promise<Prepared<T>> {
  const order: Side[] = sides.a.adapter.dialect !== "sglang" && sides.b.adapter.dialect === "sglang" ? ["b", "a"] : ["a", "b"];
  const [first, second] = order as [Side, Side];
  const exchanges: Record<Side, Exchange[]> = { a: [], b: [] };
  const failed: Partial<Record<Side, BackendError>> = {};
  const details: string[] = [];
  const checkText = plan.texts[plan.checkIndex] as string;

  const [main, check] = await Promise.all([
    tokenizeOn(sides[first], plan.texts, opts),
    tokenizeOn(sides[second], [checkText], opts),
  ]);
  exchanges[first].push(...(main.exchanges ?? []));
  exchanges[second].push(...(check.exchanges ?? []));

  let source: Side | null = first;
  let tokens: Outcome<Tokenized> = main;
  if (!main.ok) {
    failed[first] = main.error;
    source = second;
    tokens = check.ok ? await tokenizeOn(sides[second], plan.texts, opts) : check;
    if (check.ok) exchanges[second].push(...(tokens.exchanges ?? []));
    if (!tokens.ok) failed[second] = tokens.error; // the full text failed where the check passed: both sides' errors are told
  }
  if (!check.ok) failed[second] = check.error;

  const tokenization: TokenizationCheck = { source: null, method: null, match: null, details };
  if (!tokens.ok) {
    const error: BackendError = {
      kind: tokens.error.kind,
      status: tokens.error.status ?? null,
      message: `could not tokenize the cell on either backend: ${[failed.a, failed.b]
        .filter((e): e is BackendError => e !== undefined)
        .map((e) => e.message)
        .join("; ")}`,
    };
    return { value: null, error, tokenization, exchanges, failed };
  }
  tokenization.source = source;
  tokenization.method = tokens.method;

  const other: Side = source === "a" ? "b" : "a";
  if (source === first && check.ok) {
    const diff = describeIdDifference(tokens.ids[plan.checkIndex] ?? [], check.ids[0] ?? [], source.toUpperCase(), other.toUpperCase());
    tokenization.match = diff === null;
    if (diff) details.push(`the two backends tokenize the first prompt differently (${diff}); ${source.toUpperCase()}'s ids are sent to both`);
  } else {
    details.push(`${other.toUpperCase()}'s tokenizer could not be checked (its call failed)`);
  }

  const built = plan.build(tokens.ids);
  if (!built.ok) {
    return { value: null, error: { kind: "invalid-input", message: built.message }, tokenization, exchanges, failed };
  }
  details.push(...built.notes);
  return { value: built.value, error: null, tokenization, exchanges, failed };
}
