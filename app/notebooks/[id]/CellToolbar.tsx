"use client";
import type { ReactNode } from "react";

interface Props {
  kind: string;
  index: number;
  total: number;
  runnable: boolean;
  running: boolean;
  canRun: boolean;
  onRun(): void;
  onCancel(): void;
  onMove(by: -1 | 1): void;
  onDelete(): void;
  children?: ReactNode;
}

/** A cell's buttons: run (or cancel), history (as children), move, delete. All labelled for keyboard and screen readers. */
export function CellToolbar({ kind, index, total, runnable, running, canRun, onRun, onCancel, onMove, onDelete, children }: Props) {
  const n = index + 1;
  return (
    <div className="nb-cell-bar">
      <span className="nb-cell-kind">
        {kind} · {n}
      </span>
      {runnable &&
        (running ? (
          <button type="button" onClick={onCancel} aria-label={`Cancel the run of cell ${n}`} data-testid="cancel-cell">
            ■ Cancel
          </button>
        ) : (
          <button type="button" className="primary" onClick={onRun} disabled={!canRun} aria-label={`Run cell ${n}`} title="Run (Shift+Enter or Ctrl+Enter)" data-testid="run-cell">
            ▶ Run
          </button>
        ))}
      {children}
      <span className="nb-spacer" />
      <button type="button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move cell ${n} up`} title="Move up">
        ↑
      </button>
      <button type="button" onClick={() => onMove(1)} disabled={index === total - 1} aria-label={`Move cell ${n} down`} title="Move down">
        ↓
      </button>
      <button type="button" className="danger" onClick={onDelete} aria-label={`Delete cell ${n}`} title="Delete (undo is offered)">
        Delete
      </button>
    </div>
  );
}
