import type { ScoreDiff } from "../../../../lib/schemas/diff";
import { DEFINITIONS, DIVERGENCE_REASONS } from "./definitions";
import { fmtNum, fmtPct } from "./format";
import { Metric } from "./Metric";
import type { TokenNumbers } from "./tokenNumbers";

type MetricSpec = { label: string; definition: string; value: string; testId?: string; tone?: "bad" | "warn" };

function divergenceText(fd: TokenNumbers["firstDivergence"]): string {
  if (!fd) return "none";
  const where = fd.item === null ? `position ${fd.position}` : `item ${fd.item}, position ${fd.position}`;
  return `${where} (${DIVERGENCE_REASONS[fd.reason] ?? fd.reason})`;
}

function scoreMetrics(s: ScoreDiff["summary"]): MetricSpec[] {
  const out: MetricSpec[] = [
    { label: "max |Δscore|", definition: DEFINITIONS.maxAbsScore, value: fmtNum(s.maxAbsDelta?.value), testId: "metric-max-score" },
    { label: "mean |Δscore|", definition: DEFINITIONS.meanAbsScore, value: fmtNum(s.meanAbsDelta), testId: "metric-mean-score" },
    { label: "label argmax agreement", definition: DEFINITIONS.scoreArgmax, value: fmtPct(s.argmaxAgreement) },
  ];
  if (s.missing.either > 0) out.push({ label: "missing scores", definition: DEFINITIONS.missing, value: String(s.missing.either), tone: "bad" });
  return out;
}

function tokenMetrics(t: TokenNumbers): MetricSpec[] {
  return [
    { label: "max |Δ|", definition: DEFINITIONS.maxAbsDelta, value: fmtNum(t.maxAbs), testId: "metric-max" },
    { label: "mean |Δ|", definition: DEFINITIONS.meanAbsDelta, value: fmtNum(t.meanAbs), testId: "metric-mean" },
    { label: "argmax agreement", definition: DEFINITIONS.argmaxAgreement, value: fmtPct(t.argmaxAgreement), testId: "metric-argmax" },
    { label: "KL estimate", definition: DEFINITIONS.klTopK, value: fmtNum(t.klTopK), testId: "metric-kl" },
    { label: "k3", definition: DEFINITIONS.k3, value: fmtNum(t.k3) },
    {
      label: "missing",
      definition: DEFINITIONS.missing,
      value: `${t.missing} of ${t.compared + t.missing}`,
      testId: "metric-missing",
      tone: t.missing > 0 ? "warn" : undefined,
    },
    { label: "token mismatches", definition: DEFINITIONS.tokenMismatches, value: String(t.tokenMismatches), tone: t.tokenMismatches > 0 ? "bad" : undefined },
    { label: "first divergence", definition: DEFINITIONS.firstDivergence, value: divergenceText(t.firstDivergence), testId: "metric-first-divergence" },
  ];
}

/** The run's headline numbers, each with its definition on hover. */
export function SummaryNumbers({ tokens, scores, testId }: { tokens: TokenNumbers | null; scores?: ScoreDiff["summary"] | null; testId?: string }) {
  const specs = [...(scores ? scoreMetrics(scores) : []), ...(tokens ? tokenMetrics(tokens) : [])];
  return (
    <dl className="out-metrics" data-testid={testId ?? "summary-numbers"}>
      {specs.map((m) => (
        <Metric key={m.label} label={m.label} definition={m.definition} testId={m.testId} tone={m.tone}>
          {m.value}
        </Metric>
      ))}
    </dl>
  );
}
