"use client";
import { useState } from "react";

/** Deleted in another tab while being edited: the edits are kept here; bring the notebook back or save them anew. */
export function DeletedBanner({ canRestore, onRestore, onSaveAsNew }: { canRestore: boolean; onRestore(): Promise<void>; onSaveAsNew(): Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const attempt = (f: () => Promise<void>) => async () => {
    setPending(true);
    setError(null);
    try {
      await f();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="nb-banner bad" role="alert" data-testid="deleted-banner">
      <p>
        <strong>This notebook was deleted in another tab</strong> while you were editing. Your edits are kept in this browser; nothing is lost.
      </p>
      <div className="row-actions">
        {canRestore && (
          <button type="button" className="primary" onClick={attempt(onRestore)} disabled={pending}>
            Restore it with my edits
          </button>
        )}
        <button type="button" onClick={attempt(onSaveAsNew)} disabled={pending}>
          Save as a new notebook
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
