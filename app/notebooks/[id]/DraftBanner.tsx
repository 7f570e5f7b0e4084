import type { Draft } from "./drafts";

/** Unsaved edits found in this browser from an earlier visit (a reload, a crash): restore or discard. */
export function DraftBanner({ draft, storedVersion, onRestore, onDiscard }: { draft: Draft; storedVersion: number; onRestore(): void; onDiscard(): void }) {
  const when = new Date(draft.savedAt).toLocaleString();
  const older = draft.baseVersion < storedVersion;
  return (
    <div className="nb-banner warn" role="alert" data-testid="draft-banner">
      <p>
        <strong>Unsaved changes found.</strong> This browser kept edits to this notebook from {when} ({draft.doc.cells.length} cell
        {draft.doc.cells.length === 1 ? "" : "s"}, title “{draft.title}”) that the server never confirmed.
        {older && ` They were made on version ${draft.baseVersion}; the stored notebook is now version ${storedVersion}, so you will choose how to combine them.`}
      </p>
      <div className="row-actions">
        <button type="button" className="primary" onClick={onRestore}>
          Restore them
        </button>
        <button type="button" onClick={onDiscard}>
          Discard them
        </button>
      </div>
    </div>
  );
}
