import type { ScoreDiff } from "../schemas/diff";
import type { ParityOffender, ParityPart, PartVerdict } from "../schemas/parity";
import {
  describe,
  describeMismatch,
  fmt,
  type JudgedSequence,
  notApplicable,
  plural,
  scoreOffender,
  type TokenPart,
  tokenOffender,
} from "./verdict";

/** One compared value; `mismatch` is set when the tokens themselves differ (then values don't matter). */
type Entry = { a: number | null; b: number | null; mismatch: string | null; offender: () => ParityOffender };

/**
 * Bitwise parity (batch-invariance tests): identical tokens and identical logprobs/scores, compared with
 * `===`; a missing value must be missing on both sides. The reason names the first difference, as
 * vLLM's batch-invariance test prints the first divergent step.
 */
function judgeEntries(part: ParityPart, entries: Iterable<Entry>): PartVerdict {
  let judged = 0;
  let checked = 0;
  let bothMissing = 0;
  let oneSided = 0;
  let differ = 0;
  let maxAbs: number | null = null;
  let first: { o: ParityOffender; text: string } | null = null;
  for (const e of entries) {
    if (e.a === null && e.b === null && e.mismatch === null) {
      bothMissing++;
      continue;
    }
    judged++;
    if (e.a !== null && e.b !== null) {
      checked++;
      maxAbs = Math.max(maxAbs ?? 0, Math.abs(e.a - e.b));
    } else if (e.a !== null || e.b !== null) oneSided++;
    if (e.mismatch === null && e.a === e.b) continue;
    differ++;
    if (first === null) {
      const o = e.offender();
      first = { o, text: e.mismatch ?? describe(o) };
    }
  }
  const sentences: string[] = [];
  if (first) sentences.push(`${differ} of ${plural(judged, "value")} differ; first at ${first.text}; max |Δ| ${fmt(maxAbs)}.`);
  else if (judged === 0) sentences.push("Nothing to compare: every value is missing on both sides.");
  else sentences.push(judged === 1 ? "The one value is bit-identical." : `All ${judged} values are bit-identical.`);
  if (bothMissing > 0) sentences.push(`${plural(bothMissing, "value")} missing on both sides (equal, not compared).`);
  return {
    part,
    status: first === null && judged > 0 ? "pass" : "fail",
    reason: sentences.join(" "),
    checked,
    missing: bothMissing + oneSided,
    worst: first?.o ?? null,
  };
}

function* tokenEntries(seqs: JudgedSequence[]): Generator<Entry> {
  for (const seq of seqs) {
    for (const p of seq.diff.positions) {
      yield {
        a: p.lpA,
        b: p.lpB,
        mismatch: p.tokenMismatch ? `token ids differ at ${describeMismatch(seq, p)}` : null,
        offender: () => tokenOffender(seq, p),
      };
    }
  }
}

function* scoreEntries(scores: ScoreDiff): Generator<Entry> {
  for (const row of scores.items) {
    for (let label = 0; label < row.deltas.length; label++) {
      const a = row.a[label] ?? null;
      const b = row.b[label] ?? null;
      yield { a, b, mismatch: null, offender: () => scoreOffender(row.item, label, a, b) };
    }
  }
}

export function judgeBitwiseTokens(part: TokenPart, seqs: JudgedSequence[]): PartVerdict {
  if (seqs.length === 0) return notApplicable(part, `no ${part} logprobs in this run.`);
  return judgeEntries(part, tokenEntries(seqs));
}

export function judgeBitwiseScores(scores: ScoreDiff | null): PartVerdict {
  if (scores === null) return notApplicable("scores", "no scores in this run.");
  return judgeEntries("scores", scoreEntries(scores));
}
