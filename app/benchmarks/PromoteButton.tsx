"use client";
import { useState } from "react";
import type { RunnableCell } from "../../lib/schemas/cell";
import { PromoteDialog } from "./PromoteDialog";

/** "Promote to benchmark" for one score/generate cell: opens the dialog prefilled from the cell's exact request. */
export function PromoteButton({ notebookId, cell }: { notebookId: string; cell: RunnableCell }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)} data-testid="promote-button" title="Save this cell's exact request as a benchmark: run it under load on both backends, with charts, history and gates">
        Promote to benchmark
      </button>
      {open && <PromoteDialog notebookId={notebookId} cell={cell} onClose={() => setOpen(false)} />}
    </>
  );
}
