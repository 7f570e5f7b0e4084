import type { ScoreDiff, ScoreItemDiff } from "../schemas/diff";
import { finiteOrNull, RunningSum } from "../stats/numbers";

export type ScoreMatrix = ReadonlyArray<ReadonlyArray<number | null>>;

/**
 * Diffs two /v1/score results (rows = items, columns = labels), Δ = B − A. null/NaN/±inf entries and
 * entries past the end of the shorter matrix or row are missing: counted, never compared as 0.
 */
export function diffScores(a: ScoreMatrix, b: ScoreMatrix): ScoreDiff {
  const nItems = Math.max(a.length, b.length);
  const items: ScoreItemDiff[] = [];
  const absDelta = new RunningSum();
  const missing = { either: 0, both: 0, aOnly: 0, bOnly: 0 };
  let entries = 0;
  let maxAbsDelta: ScoreDiff["summary"]["maxAbsDelta"] = null;
  let argmaxAgreed = 0;
  let argmaxCompared = 0;

  for (let item = 0; item < nItems; item++) {
    const rowA = a[item] ?? [];
    const rowB = b[item] ?? [];
    const nLabels = Math.max(rowA.length, rowB.length);
    const valuesA: (number | null)[] = new Array(nLabels);
    const valuesB: (number | null)[] = new Array(nLabels);
    const deltas: (number | null)[] = new Array(nLabels);
    let itemMax: number | null = null;
    let itemMissing = 0;
    for (let label = 0; label < nLabels; label++) {
      entries++;
      const x = finiteOrNull(rowA[label]);
      const y = finiteOrNull(rowB[label]);
      valuesA[label] = x;
      valuesB[label] = y;
      if (x === null || y === null) {
        deltas[label] = null;
        itemMissing++;
        missing.either++;
        if (x === null && y === null) missing.both++;
        else if (x === null) missing.aOnly++;
        else missing.bOnly++;
        continue;
      }
      const d = y - x;
      const ad = Math.abs(d);
      deltas[label] = d;
      absDelta.add(ad);
      if (itemMax === null || ad > itemMax) itemMax = ad;
      if (maxAbsDelta === null || ad > maxAbsDelta.value) maxAbsDelta = { value: ad, item, label };
    }
    const argmaxA = rowArgmax(rowA, nLabels);
    const argmaxB = rowArgmax(rowB, nLabels);
    const argmaxAgree = argmaxA !== null && argmaxB !== null ? argmaxA === argmaxB : null;
    if (argmaxAgree !== null) {
      argmaxCompared++;
      if (argmaxAgree) argmaxAgreed++;
    }
    items.push({ item, a: valuesA, b: valuesB, deltas, maxAbsDelta: itemMax, argmaxA, argmaxB, argmaxAgree, missing: itemMissing });
  }

  return {
    items,
    summary: {
      itemsA: a.length,
      itemsB: b.length,
      entries,
      compared: absDelta.n,
      missing,
      maxAbsDelta,
      meanAbsDelta: absDelta.meanMax().mean,
      argmaxAgreement: argmaxCompared > 0 ? argmaxAgreed / argmaxCompared : null,
      argmaxCompared,
    },
  };
}

/** Index of the top label; null when the row is empty or any of its `width` labels is missing. */
function rowArgmax(row: ReadonlyArray<number | null>, width: number): number | null {
  let best: number | null = null;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < width; i++) {
    const v = finiteOrNull(row[i]);
    if (v === null) return null;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}
