import type { PositionDiff, ScoreDiff, TokenDiff } from "../schemas/diff";
import type {
  ParityInput,
  ParityOffender,
  ParityPart,
  ParityRuleName,
  ParityStatus,
  PartVerdict,
  Verdict,
} from "../schemas/parity";

/** Building blocks shared by the rules: what to judge, how to name an offender, how parts combine. */

export type TokenPart = Extract<ParityPart, "prompt" | "output">;

/** One token sequence to judge: a prompt item or the generated output. */
export type JudgedSequence = { part: TokenPart; item: number | null; diff: TokenDiff };

export type ResolvedInput = { prompts: TokenDiff[]; output: TokenDiff | null; scores: ScoreDiff | null };

export function resolveInput(input: ParityInput): ResolvedInput {
  return { prompts: input.prompts ?? [], output: input.output ?? null, scores: input.scores ?? null };
}

/** The sequences of one part; empty when the run has none (the part is then "n/a"). */
export function sequencesOf(input: ResolvedInput, part: TokenPart): JudgedSequence[] {
  if (part === "prompt") return input.prompts.map((diff, item) => ({ part, item, diff }));
  return input.output ? [{ part, item: null, diff: input.output }] : [];
}

export function tokenOffender(seq: JudgedSequence, p: PositionDiff): ParityOffender {
  return {
    part: seq.part,
    item: seq.item,
    position: p.index,
    label: null,
    text: p.textA ?? p.textB,
    a: p.lpA,
    b: p.lpB,
    delta: p.delta,
  };
}

export function scoreOffender(item: number, label: number, a: number | null, b: number | null): ParityOffender {
  return { part: "scores", item, position: null, label, text: null, a, b, delta: a !== null && b !== null ? b - a : null };
}

/** Short, readable number: 4 decimals for ordinary logprobs, scientific for tiny or huge values. */
export function fmt(x: number | null): string {
  if (x === null) return "none";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  return ax >= 1e-3 && ax < 1e5 ? String(Number(x.toFixed(4))) : x.toExponential(2);
}

/** "has"/"have" to agree with a count. */
export function has(n: number): string {
  return n === 1 ? "has" : "have";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "prompt item 2 position 17 ("▁cat")" / "output position 5" / "score item 4 label 0". */
export function where(o: ParityOffender): string {
  if (o.part === "scores") return `score item ${o.item ?? "?"} label ${o.label ?? "?"}`;
  const head = o.part === "prompt" ? `prompt item ${o.item ?? "?"}` : "output";
  return `${head} position ${o.position ?? "?"}${o.text === null ? "" : ` (${JSON.stringify(o.text)})`}`;
}

/** "output position 5 ("a"): A −1.2, B −1.3, Δ −0.1". */
export function describe(o: ParityOffender): string {
  const delta = o.delta === null ? "" : `, Δ ${o.delta > 0 ? "+" : ""}${fmt(o.delta)}`;
  return `${where(o)}: A ${fmt(o.a)}, B ${fmt(o.b)}${delta}`;
}

/** "output position 5: A "x" #12, B "y" #13" (a side with no position here shows "none"). */
export function describeMismatch(seq: JudgedSequence, p: PositionDiff): string {
  const side = (text: string | null, id: number | null) => (id === null ? "none" : `${JSON.stringify(text)} #${id}`);
  const head = seq.part === "prompt" ? `prompt item ${seq.item ?? "?"}` : "output";
  return `${head} position ${p.index}: A ${side(p.textA, p.idA)}, B ${side(p.textB, p.idB)}`;
}

export function notApplicable(part: ParityPart, why: string): PartVerdict {
  return { part, status: "n/a", reason: why, checked: 0, missing: 0, worst: null };
}

/**
 * Combines part verdicts: any failing part fails the rule; otherwise any passing part passes it; a rule
 * whose parts are all "n/a" is "n/a". Reasons lead with the failing parts.
 */
export function combineParts(rule: ParityRuleName, params: Record<string, number>, parts: PartVerdict[]): Verdict {
  const order: Record<ParityStatus, number> = { fail: 0, pass: 1, "n/a": 2 };
  const ranked = [...parts].sort((x, y) => order[x.status] - order[y.status]);
  const status: ParityStatus = ranked[0]?.status ?? "n/a";
  const label = (p: PartVerdict) => (parts.length > 1 ? `${capitalize(p.part)}: ` : "");
  return {
    rule,
    params,
    status,
    reason: ranked.map((p) => `${label(p)}${p.reason}`).join(" "),
    checked: parts.reduce((s, p) => s + p.checked, 0),
    missing: parts.reduce((s, p) => s + p.missing, 0),
    parts,
    worst: ranked.find((p) => p.status === status && p.worst !== null)?.worst ?? null,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Rule parameters without the discriminant, as the verdict records them. */
export function paramsOf(rule: { name: string } & Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(rule)) if (k !== "name" && typeof v === "number") out[k] = v;
  return out;
}
