import type { CellDiff } from "../../../../lib/schemas/cellRun";
import type { MeanOver, TokenDiff } from "../../../../lib/schemas/diff";

/** The numbers the header and each strip show for one or more token sequences. */
export type TokenNumbers = {
  sequences: number;
  compared: number;
  missing: number;
  nonFinite: number;
  tokenMismatches: number;
  maxAbs: number | null;
  meanAbs: number | null;
  argmaxAgreement: number | null;
  klTopK: number | null;
  k3: number | null;
  firstDivergence: { item: number | null; position: number; reason: string } | null;
};

/** Mean of per-sequence means, weighted by how many positions each averaged (null when none did). */
export function pooledMean(parts: readonly MeanOver[]): number | null {
  let n = 0;
  let sum = 0;
  for (const p of parts) {
    if (p.mean === null || p.n === 0) continue;
    n += p.n;
    sum += p.mean * p.n;
  }
  return n > 0 ? sum / n : null;
}

export function numbersOfDiff(diff: TokenDiff, item: number | null = null): TokenNumbers {
  const s = diff.summary;
  return {
    sequences: 1,
    compared: s.compared,
    missing: s.missing.either,
    nonFinite: s.nonFinite,
    tokenMismatches: s.tokenMismatches,
    maxAbs: s.maxAbsDelta?.value ?? null,
    meanAbs: s.meanAbsDelta,
    argmaxAgreement: s.argmaxAgreement,
    klTopK: s.klTopK.mean,
    k3: s.k3.mean,
    firstDivergence: s.firstDivergence ? { item, ...s.firstDivergence } : null,
  };
}

/** Run-level numbers: the runner's totals, plus the KL means pooled over every sequence. */
export function numbersOfCell(diff: CellDiff): TokenNumbers {
  const seqs = diff.output ? [diff.output] : diff.prompts;
  const t = diff.tokens;
  return {
    sequences: t.sequences,
    compared: t.compared,
    missing: t.missing,
    nonFinite: seqs.reduce((s, d) => s + d.summary.nonFinite, 0),
    tokenMismatches: seqs.reduce((s, d) => s + d.summary.tokenMismatches, 0),
    maxAbs: t.maxAbsDiff,
    meanAbs: t.meanAbsDiff,
    argmaxAgreement: t.argmaxAgreement,
    klTopK: pooledMean(seqs.map((d) => d.summary.klTopK)),
    k3: pooledMean(seqs.map((d) => d.summary.k3)),
    firstDivergence: t.firstDivergence,
  };
}
