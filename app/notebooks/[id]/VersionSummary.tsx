import { describeCell, type VersionDiff } from "./docCompare";
import type { NotebookContent } from "./saveState";

/** One version of the notebook in a conflict: its title, cell count, and the cells only it has. */
export function VersionSummary({ heading, content, only, diff, testId }: { heading: string; content: NotebookContent; only: VersionDiff["onlyMine"]; diff: VersionDiff; testId: string }) {
  return (
    <section className="nb-version" data-testid={testId} aria-label={heading}>
      <h3>{heading}</h3>
      <p>
        “{content.title}” · <span data-testid="cell-count">{content.doc.cells.length}</span> cell{content.doc.cells.length === 1 ? "" : "s"}
      </p>
      {only.length > 0 && (
        <>
          <p className="muted">Only in this version:</p>
          <ul>
            {only.map((c) => (
              <li key={c.id}>{describeCell(c)}</li>
            ))}
          </ul>
        </>
      )}
      {only.length === 0 && diff.changed.length === 0 && !diff.title && !diff.settings && !diff.reordered && <p className="muted">Same content as the other version.</p>}
    </section>
  );
}
