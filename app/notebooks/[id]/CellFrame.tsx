"use client";
import type { KeyboardEvent } from "react";
import type { Cell } from "../../../lib/schemas/cell";
import type { Side } from "../../../lib/schemas/cellRun";
import type { ParityRule } from "../../../lib/schemas/parity";
import { CellIssues, cellIssues } from "./CellIssues";
import { CellRunArea } from "./CellRunArea";
import { PromoteButton } from "../../benchmarks/PromoteButton";
import { CellToolbar } from "./CellToolbar";
import type { CellRuntime, StoredRunView } from "./cellRuntime";
import { GenerateCellEditor } from "./GenerateCellEditor";
import { MarkdownCellView } from "./MarkdownCellView";
import { RuleSwitcher } from "./output/RuleSwitcher";
import { RunHistory } from "./RunHistory";
import { ScoreCellEditor } from "./ScoreCellEditor";

interface Props {
  notebookId: string;
  cell: Cell;
  index: number;
  total: number;
  runtime: CellRuntime;
  busy: string | null;
  actionError: string | null;
  onChange(cell: Cell): void;
  onRun(cell: Cell): void;
  onCancel(runId: string): void;
  onMove(by: -1 | 1): void;
  onDelete(): void;
  onRuleChange(rule: ParityRule): void;
  onTeacherForce(reference: Side): void;
  onShowRun(run: StoredRunView, latest: boolean): void;
}

/** One cell: its toolbar, its editor, what is wrong with it, and its run. Shift+Enter / Ctrl+Enter runs it. */
export function CellFrame(p: Props) {
  const { cell, runtime: rt } = p;
  const issues = cellIssues(cell);
  const running = rt.phase === "starting" || rt.phase === "running";
  const canRun = issues.length === 0 && !running;
  const run = () => {
    if (canRun) p.onRun(cell);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // Monaco handles its own keys (its action calls run); this covers the plain inputs of the cell.
    if (e.key !== "Enter" || !(e.shiftKey || e.ctrlKey || e.metaKey)) return;
    if ((e.target as HTMLElement).closest(".monaco-editor")) return;
    e.preventDefault();
    run();
  };

  return (
    <section className={`nb-cell nb-cell-${cell.kind}`} data-testid="cell" data-kind={cell.kind} data-cell-id={cell.id} data-phase={rt.phase} aria-label={`${cell.kind} cell ${p.index + 1}`} onKeyDown={onKeyDown}>
      <CellToolbar kind={cell.kind} index={p.index} total={p.total} runnable={cell.kind !== "markdown"} running={running} canRun={canRun} onRun={run} onCancel={() => rt.runId && p.onCancel(rt.runId)} onMove={p.onMove} onDelete={p.onDelete}>
        {cell.kind !== "markdown" && <RunHistory notebookId={p.notebookId} cellId={cell.id} shownId={rt.shown?.id ?? null} onShow={p.onShowRun} />}
        {cell.kind !== "markdown" && <PromoteButton notebookId={p.notebookId} cell={cell} />}
      </CellToolbar>
      {cell.kind === "markdown" && <MarkdownCellView cell={cell} onChange={p.onChange} />}
      {cell.kind === "score" && <ScoreCellEditor cell={cell} onChange={p.onChange} onRun={run} />}
      {cell.kind === "generate" && <GenerateCellEditor cell={cell} onChange={p.onChange} onRun={run} />}
      <CellIssues issues={issues} />
      {cell.kind !== "markdown" && !rt.shown && <RuleSwitcher rule={cell.rule} onRuleChange={p.onRuleChange} />}
      {cell.kind !== "markdown" && (
        <CellRunArea runtime={rt} itemCount={cell.kind === "score" ? cell.items.length : 0} busy={p.busy} actionError={p.actionError} onRuleChange={p.onRuleChange} onTeacherForce={p.onTeacherForce} />
      )}
    </section>
  );
}
