"use client";
import type { CellKind } from "./docEdits";

const KINDS: { kind: CellKind; label: string; title: string }[] = [
  { kind: "score", label: "+ Score", title: "Add a score cell: /v1/score on both backends, with token-level logprobs" },
  { kind: "generate", label: "+ Generate", title: "Add a generate cell: the same prompt streamed from both backends" },
  { kind: "markdown", label: "+ Markdown", title: "Add a markdown cell (notes)" },
];

/** Buttons that add a cell of each kind at the end. */
export function AddCellBar({ onAdd }: { onAdd(kind: CellKind): void }) {
  return (
    <div className="nb-add" role="group" aria-label="Add a cell">
      {KINDS.map((k) => (
        <button key={k.kind} type="button" onClick={() => onAdd(k.kind)} title={k.title} data-testid={`add-${k.kind}`}>
          {k.label}
        </button>
      ))}
    </div>
  );
}
