"use client";
import Link from "next/link";
import { useState } from "react";

export interface NotebookListItem {
  id: string;
  title: string;
  version: number;
  cellCount: number;
  updatedAt: string;
}

interface Props {
  notebook: NotebookListItem;
  onRename(title: string): Promise<void>;
  onDuplicate(): void;
  onDelete(): void;
}

/** One notebook in the list: open, rename in place, duplicate, delete (undo is offered). */
export function NotebookListRow({ notebook: n, onRename, onDuplicate, onDelete }: Props) {
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(n.title);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    try {
      await onRename(title);
      setRenaming(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <tr data-testid="notebook-row" data-title={n.title}>
      <td>
        {renaming ? (
          <form
            className="row-actions"
            aria-label={`Rename ${n.title}`}
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <input aria-label="New title" value={title} maxLength={200} autoFocus onChange={(e) => setTitle(e.target.value)} onKeyDown={(e) => e.key === "Escape" && setRenaming(false)} />
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
            {error && <span className="error-text">{error}</span>}
          </form>
        ) : (
          <Link href={`/notebooks/${n.id}`}>{n.title}</Link>
        )}
      </td>
      <td className="muted">{n.cellCount}</td>
      <td className="muted" title={n.updatedAt}>
        {new Date(n.updatedAt).toLocaleString()}
      </td>
      <td>
        <div className="row-actions">
          <button type="button" onClick={() => { setTitle(n.title); setRenaming(true); }} aria-label={`Rename ${n.title}`}>
            Rename
          </button>
          <button type="button" onClick={onDuplicate} aria-label={`Duplicate ${n.title}`}>
            Duplicate
          </button>
          <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${n.title}`}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
