"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";

/** Notebooks deleted earlier, each one restorable. */
export function DeletedNotebooks({ onRestore }: { onRestore(id: string): void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const deleted = useQuery(trpc.notebooks.list.queryOptions({ deleted: true }, { enabled: open }));
  return (
    <div className="nb-deleted">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Hide" : "Show"} recently deleted
      </button>
      {open && (
        <ul data-testid="deleted-list">
          {deleted.data?.length === 0 && <li className="muted">Nothing deleted.</li>}
          {deleted.data?.map((n) => (
            <li key={n.id}>
              {n.title} <span className="muted">(deleted {n.deletedAt ? new Date(n.deletedAt).toLocaleString() : ""})</span>{" "}
              <button type="button" onClick={() => onRestore(n.id)} aria-label={`Restore ${n.title}`}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
