import type { ParityOffender, PartVerdict } from "../schemas/parity";
import {
  describeMismatch,
  type JudgedSequence,
  notApplicable,
  plural,
  type TokenPart,
  tokenOffender,
} from "./verdict";

/**
 * vLLM's check_logprobs_close: walk each sequence to its first token mismatch; there, each side's token
 * must be in the other side's top-k; then stop ("sequences will now diverge"). A sequence without a
 * mismatch passes. As in vLLM, only the common length is walked; a length difference is reported.
 * A mismatch where a top-k list is missing cannot be judged, so it fails.
 */
export function judgeContainment(part: TokenPart, seqs: JudgedSequence[]): PartVerdict {
  if (seqs.length === 0) return notApplicable(part, `no ${part} tokens in this run.`);
  let checked = 0;
  let beyondCommon = 0;
  let mismatches = 0;
  const failures: { o: ParityOffender; text: string }[] = [];
  const contained: string[] = [];

  for (const seq of seqs) {
    const { positions, summary } = seq.diff;
    const common = Math.min(summary.lengthA, summary.lengthB);
    const at = positions.findIndex((p, i) => i < common && p.tokenMismatch);
    if (at < 0) {
      checked += common;
      beyondCommon += positions.length - common;
      continue;
    }
    checked += at + 1;
    mismatches++;
    const p = positions[at]!;
    const text = describeMismatch(seq, p);
    if (p.aInTopB === true && p.bInTopA === true) contained.push(text);
    else {
      const why =
        p.aInTopB === null || p.bInTopA === null
          ? "a top-k list is missing there, so containment cannot be checked"
          : [p.aInTopB ? null : "A's token is not in B's top-k", p.bInTopA ? null : "B's token is not in A's top-k"]
              .filter(Boolean)
              .join(" and ");
      failures.push({ o: tokenOffender(seq, p), text: `${text} (${why})` });
    }
  }

  const sentences: string[] = [];
  const first = failures[0];
  if (first) sentences.push(`${plural(failures.length, "sequence")} ${failures.length === 1 ? "fails" : "fail"} at the first token mismatch: ${first.text}.`);
  else if (mismatches === 0) sentences.push(`No token mismatch over ${plural(checked, "position")} in ${plural(seqs.length, "sequence")}.`);
  else sentences.push(`Each side's token is in the other's top-k at every first mismatch (${contained[0]}).`);
  if (beyondCommon > 0) sentences.push(`${plural(beyondCommon, "position")} past the shorter side not walked (lengths differ).`);
  return {
    part,
    status: failures.length > 0 ? "fail" : "pass",
    reason: sentences.join(" "),
    checked,
    missing: beyondCommon,
    worst: first?.o ?? null,
  };
}
