"use client";
import { useState } from "react";
import { compareVersions, describeCell } from "./docCompare";
import type { NotebookContent, ServerNotebook } from "./saveState";
import { VersionSummary } from "./VersionSummary";

interface Props {
  mine: NotebookContent;
  theirs: ServerNotebook;
  onKeepMine(): void;
  onTakeTheirs(): void;
  /** Resolves once the copy is stored (the workspace then shows where it went). */
  onSaveCopy(): Promise<void>;
}

/**
 * Someone saved first. Both versions are shown; nothing is overwritten until the user picks, and
 * "save mine as a copy" keeps both.
 */
export function ConflictBanner({ mine, theirs, onKeepMine, onTakeTheirs, onSaveCopy }: Props) {
  const diff = compareVersions(mine, theirs);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const changedCells = mine.doc.cells.filter((c) => diff.changed.includes(c.id));

  const saveCopy = async () => {
    setPending(true);
    setError(null);
    try {
      await onSaveCopy();
    } catch (err) {
      setError(`Could not save your copy: ${err instanceof Error ? err.message : String(err)}. Your version is still here and in this browser.`);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="nb-banner bad" role="alert" data-testid="conflict-banner">
      <p>
        <strong>This notebook was changed elsewhere</strong> (another tab or person saved version {theirs.version} at{" "}
        {new Date(theirs.updatedAt).toLocaleTimeString()}) while you were editing. Autosave is paused and nothing has been thrown away: choose
        which version to keep.
      </p>
      <div className="nb-versions">
        <VersionSummary heading="Your version (this tab)" content={mine} only={diff.onlyMine} diff={diff} testId="version-mine" />
        <VersionSummary heading={`Stored version ${theirs.version}`} content={theirs} only={diff.onlyTheirs} diff={diff} testId="version-theirs" />
      </div>
      <ul className="nb-diff-list">
        {diff.title && <li>The titles differ.</li>}
        {diff.settings && <li>The chosen backends differ.</li>}
        {diff.reordered && <li>The cells are in a different order.</li>}
        {changedCells.map((c) => (
          <li key={c.id}>Edited differently: {describeCell(c)}</li>
        ))}
      </ul>
      <div className="row-actions">
        <button type="button" className="primary" onClick={onKeepMine} disabled={pending}>
          Keep mine (overwrite)
        </button>
        <button type="button" onClick={onTakeTheirs} disabled={pending}>
          Take theirs
        </button>
        <button type="button" onClick={() => void saveCopy()} disabled={pending}>
          Save mine as a copy
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
