import { withinTolerance } from "../diff/options";
import type { Tolerance } from "../schemas/diff";
import type { ParityOffender, PartVerdict } from "../schemas/parity";
import {
  describe,
  describeMismatch,
  fmt,
  has,
  type JudgedSequence,
  notApplicable,
  plural,
  type TokenPart,
  tokenOffender,
} from "./verdict";

/**
 * The numeric-tolerance rules (sglang-ci, atol-rtol) over one part. Like SGLang's and vLLM's tests, a
 * part passes only when the token ids match (outputs must be the same text; prompts must be the same
 * input) and every compared logprob is within tolerance. Past the first token mismatch the two sides
 * condition on different text, so those positions are not compared (and are counted as missing).
 * A logprob on one side only is a failure: one backend produced a value the other could not (NaN/null).
 */
export function judgeTolerance(part: TokenPart, seqs: JudgedSequence[], tol: Tolerance): PartVerdict {
  if (seqs.length === 0) return notApplicable(part, `no ${part} logprobs in this run.`);
  const bound = tol.rtol === 0 ? `|Δ| ≤ ${fmt(tol.atol)}` : `|a−b| ≤ ${fmt(tol.atol)} + ${fmt(tol.rtol)}·|b|`;
  let checked = 0;
  let over = 0;
  let bothMissing = 0;
  let oneSided = 0;
  let notCompared = 0;
  let worst: { excess: number; o: ParityOffender } | null = null;
  let firstOneSided: ParityOffender | null = null;
  let firstMismatch: { o: ParityOffender; text: string } | null = null;

  for (const seq of seqs) {
    const positions = seq.diff.positions;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      if (p.tokenMismatch) {
        firstMismatch ??= { o: tokenOffender(seq, p), text: describeMismatch(seq, p) };
        notCompared += positions.length - i;
        break;
      }
      if (p.lpA === null || p.lpB === null) {
        if (p.lpA === null && p.lpB === null) bothMissing++;
        else {
          oneSided++;
          firstOneSided ??= tokenOffender(seq, p);
        }
        continue;
      }
      checked++;
      const excess = Math.abs(p.lpA - p.lpB) - (tol.atol + tol.rtol * Math.abs(p.lpB));
      if (!withinTolerance(p.lpA, p.lpB, tol)) over++;
      if (worst === null || excess > worst.excess) worst = { excess, o: tokenOffender(seq, p) };
    }
  }

  const sentences: string[] = [];
  if (firstMismatch) {
    sentences.push(`Token ids differ at ${firstMismatch.text}; the two sides are not the same text from there on.`);
  }
  if (over > 0 && worst) sentences.push(`${over} of ${plural(checked, "position")} break ${bound}; worst ${describe(worst.o)}.`);
  if (oneSided > 0 && firstOneSided) {
    sentences.push(`${plural(oneSided, "position")} ${has(oneSided)} a logprob on one side only, first ${describe(firstOneSided)}.`);
  }
  const fails = firstMismatch !== null || over > 0 || oneSided > 0 || checked === 0;
  if (checked === 0 && sentences.length === 0) sentences.push("Nothing to compare: no position has both logprobs.");
  if (!fails && worst) {
    const all = checked === 1 ? "The one compared position is" : `All ${checked} compared positions are`;
    sentences.push(`${all} within ${bound}; largest ${describe(worst.o)}.`);
  }
  const missing = bothMissing + oneSided + notCompared;
  if (bothMissing > 0) sentences.push(`${plural(bothMissing, "position")} missing on both sides (not compared).`);
  if (notCompared > 0) sentences.push(`${plural(notCompared, "position")} not compared after a token mismatch.`);
  return {
    part,
    status: fails ? "fail" : "pass",
    reason: sentences.join(" "),
    checked,
    missing,
    worst: firstMismatch?.o ?? (over > 0 ? worst?.o : firstOneSided) ?? worst?.o ?? null,
  };
}
