"use client";

/** "Deleted a cell — Undo": deletions are recoverable instead of confirmed with a dialog. */
export function UndoBar({ message, onUndo, onDismiss }: { message: string; onUndo(): void; onDismiss(): void }) {
  return (
    <div className="nb-undo" role="status" data-testid="undo-bar">
      <span>{message}</span>
      <button type="button" className="primary" onClick={onUndo}>
        Undo
      </button>
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
