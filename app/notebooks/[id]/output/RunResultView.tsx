import type { CellRunResult } from "../../../../lib/schemas/cellRun";
import type { ParityRule } from "../../../../lib/schemas/parity";
import { DEFINITIONS } from "./definitions";
import { ErrorPanel } from "./ErrorPanel";
import { ExchangeViewer, type ExchangeGroup } from "./ExchangeViewer";
import { fmtMs } from "./format";
import { GenerateView } from "./GenerateView";
import { RuleSwitcher } from "./RuleSwitcher";
import { ScoresTable } from "./ScoresTable";
import { SideTimings } from "./SideTimings";
import { SummaryNumbers } from "./SummaryNumbers";
import { numbersOfCell } from "./tokenNumbers";
import { VerdictBadge } from "./VerdictBadge";

type Props = {
  result: CellRunResult;
  /** Absent in read-only views: the rule is shown by the verdict but cannot be switched. */
  onRuleChange?(rule: ParityRule): void;
  onTeacherForce?(reference: "a" | "b"): void;
  busy?: boolean;
};

function exchangeGroups(result: CellRunResult): ExchangeGroup[] {
  const groups: ExchangeGroup[] = [
    { side: "a", title: `A · ${result.a.backend.name}`, exchanges: result.a.exchanges },
    { side: "b", title: `B · ${result.b.backend.name}`, exchanges: result.b.exchanges },
  ];
  const tf = result.teacherForced;
  if (tf && tf.exchanges.length > 0) groups.push({ side: "teacher-forced", title: "Teacher forcing (both sides)", exchanges: tf.exchanges });
  return groups;
}

/** A finished run: verdict and rule, headline numbers, faults, the diff views, backends, and the raw calls. */
export function RunResultView({ result, onRuleChange, onTeacherForce, busy }: Props) {
  const diff = result.diff;
  return (
    <div className="out-result" data-testid="run-result" data-status={result.status}>
      <header className="out-head">
        <VerdictBadge verdict={result.verdict} />
        {result.input !== null && onRuleChange && <RuleSwitcher rule={result.rule} onRuleChange={onRuleChange} disabled={busy} />}
      </header>
      {diff && <SummaryNumbers tokens={diff.tokens.sequences > 0 ? numbersOfCell(diff) : null} scores={diff.scores?.summary ?? null} />}
      <ErrorPanel result={result} />
      {result.input !== null && (result.kind === "score" ? <ScoresTable result={result} /> : <GenerateView result={result} onTeacherForce={onTeacherForce} busy={busy} />)}
      <div className="out-two">
        <SideTimings side={result.a} />
        <SideTimings side={result.b} />
      </div>
      <p className="muted out-run-meta">
        Run {result.status} · started {result.startedAt} · <abbr title={DEFINITIONS.runDuration}>took {fmtMs(result.durationMs)}</abbr>
      </p>
      <ExchangeViewer groups={exchangeGroups(result)} />
    </div>
  );
}
