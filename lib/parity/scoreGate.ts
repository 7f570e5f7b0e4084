import { atMost } from "../diff/options";
import type { ScoreDiff } from "../schemas/diff";
import type { PartVerdict } from "../schemas/parity";
import { describe, fmt, has, notApplicable, plural, scoreOffender } from "./verdict";

/**
 * The cross-backend Score API correctness gate: max |Δscore| ≤ maxAbs and mean |Δscore| ≤ meanAbs over
 * every item×label entry. A score present on one side only fails (one backend returned NaN/null).
 */
export function judgeScoreGate(scores: ScoreDiff | null, maxAbs: number, meanAbs: number): PartVerdict {
  if (scores === null) return notApplicable("scores", "score-gate needs /v1/score results; this run has none.");
  const s = scores.summary;
  const oneSided = s.missing.aOnly + s.missing.bOnly;
  const sentences: string[] = [];
  let fails = false;
  const worst = s.maxAbsDelta
    ? scoreOffender(
        s.maxAbsDelta.item,
        s.maxAbsDelta.label,
        scores.items[s.maxAbsDelta.item]?.a[s.maxAbsDelta.label] ?? null,
        scores.items[s.maxAbsDelta.item]?.b[s.maxAbsDelta.label] ?? null,
      )
    : null;
  if (worst === null || s.meanAbsDelta === null) {
    fails = true;
    sentences.push(`Nothing to compare: no entry has a score on both sides (${plural(s.entries, "entry", "entries")}).`);
  } else {
    const maxOk = atMost(s.maxAbsDelta?.value ?? 0, maxAbs);
    const meanOk = atMost(s.meanAbsDelta, meanAbs);
    fails = !maxOk || !meanOk;
    sentences.push(
      `Max |Δscore| ${fmt(s.maxAbsDelta?.value ?? null)} ${maxOk ? "≤" : ">"} ${fmt(maxAbs)} at ${describe(worst)}; ` +
        `mean |Δscore| ${fmt(s.meanAbsDelta)} ${meanOk ? "≤" : ">"} ${fmt(meanAbs)} over ${plural(s.compared, "entry", "entries")}.`,
    );
  }
  const lone = firstOneSided(scores);
  if (oneSided > 0 && lone) {
    fails = true;
    sentences.push(`${plural(oneSided, "entry", "entries")} ${has(oneSided)} a score on one side only, first ${describe(lone)}.`);
  }
  if (s.missing.both > 0) sentences.push(`${plural(s.missing.both, "entry", "entries")} missing on both sides (not compared).`);
  return {
    part: "scores",
    status: fails ? "fail" : "pass",
    reason: sentences.join(" "),
    checked: s.compared,
    missing: s.missing.either,
    worst,
  };
}

function firstOneSided(scores: ScoreDiff): ReturnType<typeof scoreOffender> | null {
  for (const row of scores.items) {
    for (let label = 0; label < row.deltas.length; label++) {
      const a = row.a[label] ?? null;
      const b = row.b[label] ?? null;
      if ((a === null) !== (b === null)) return scoreOffender(row.item, label, a, b);
    }
  }
  return null;
}
