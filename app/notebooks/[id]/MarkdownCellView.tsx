"use client";
import { useMemo, useState } from "react";
import type { MarkdownCell } from "../../../lib/schemas/cell";
import { renderMarkdown } from "../../../lib/markdown/render";
import { MonacoField } from "./MonacoField";

/** A markdown cell: rendered (safely: no raw HTML, http(s)/relative links only); click Edit to change. */
export function MarkdownCellView({ cell, onChange }: { cell: MarkdownCell; onChange(cell: MarkdownCell): void }) {
  const [editing, setEditing] = useState(cell.source === "");
  const html = useMemo(() => renderMarkdown(cell.source), [cell.source]);
  return (
    <div className="nb-markdown">
      {editing ? (
        <MonacoField value={cell.source} onChange={(source) => onChange({ ...cell, source })} language="markdown" ariaLabel="Markdown" onRun={() => setEditing(false)} testId="field-markdown" minLines={3} />
      ) : (
        // markdown-it with html:false escapes every tag of the source; see markdown.ts
        <div className="nb-md-rendered" data-testid="markdown-rendered" dangerouslySetInnerHTML={{ __html: html || "<p class=\"muted\">Empty markdown cell.</p>" }} />
      )}
      <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing}>
        {editing ? "Done" : "Edit"}
      </button>
    </div>
  );
}
