"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { RunnableCell } from "../../../lib/schemas/cell";
import { useTRPC } from "../../trpc";
import styles from "../benchmarks.module.css";
import { PromoteButton } from "../PromoteButton";

function cellLine(c: RunnableCell): string {
  const text = c.kind === "score" ? `${c.query} … (${c.items.length} items)` : c.prompt;
  return `${c.title ? `${c.title} — ` : ""}${text.length > 90 ? `${text.slice(0, 90)}…` : text}`;
}

/** Pick a notebook, then one of its score/generate cells, and promote it (the same dialog a cell offers in its notebook). */
export function PickCell({ initialNotebook }: { initialNotebook: string | null }) {
  const trpc = useTRPC();
  const notebooks = useQuery(trpc.notebooks.list.queryOptions());
  const [picked, setPicked] = useState<string | null>(initialNotebook);
  const notebook = useQuery({ ...trpc.notebooks.get.queryOptions({ id: picked ?? "" }), enabled: picked !== null });
  const cells = (notebook.data?.doc.cells ?? []).filter((c): c is RunnableCell => c.kind !== "markdown");

  return (
    <div className={styles.cellPick}>
      <label style={{ maxWidth: 480 }}>
        notebook
        <select value={picked ?? ""} onChange={(e) => setPicked(e.target.value || null)} data-testid="pick-notebook">
          <option value="">— choose a notebook —</option>
          {(notebooks.data ?? []).map((n) => (
            <option key={n.id} value={n.id}>
              {n.title}
            </option>
          ))}
        </select>
      </label>
      {notebook.error && <p className="error-text">{notebook.error.message}</p>}
      {picked && notebook.data && cells.length === 0 && <p className={styles.muted}>This notebook has no score or generate cell.</p>}
      {picked &&
        cells.map((c) => (
          <div key={c.id} className={styles.cellRow} data-testid="pick-cell" data-cell-id={c.id}>
            <span className="badge">{c.kind}</span>
            <span className={styles.grow}>{cellLine(c)}</span>
            <PromoteButton notebookId={picked} cell={c} />
          </div>
        ))}
    </div>
  );
}
