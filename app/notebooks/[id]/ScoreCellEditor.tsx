"use client";
import type { Label, ScoreCell } from "../../../lib/schemas/cell";
import { labelsToText, textToLabels } from "./cellText";
import { ItemsField } from "./ItemsField";
import { ParsedInput } from "./ParsedInput";
import { MonacoField } from "./MonacoField";
import { NumberField } from "./NumberField";

interface Props {
  cell: ScoreCell;
  onChange(cell: ScoreCell): void;
  onRun(): void;
}

/** Query, items, label tokens and the /v1/score switches of a score cell. */
export function ScoreCellEditor({ cell, onChange, onRun }: Props) {
  const set = <K extends keyof ScoreCell>(key: K, value: ScoreCell[K]) => onChange({ ...cell, [key]: value });
  return (
    <div className="nb-editor">
      <MonacoField value={cell.query} onChange={(v) => set("query", v)} ariaLabel="Query" onRun={onRun} testId="field-query" />
      <ItemsField items={cell.items} onChange={(v) => set("items", v)} onRun={onRun} />
      <div className="nb-options">
        <ParsedInput<Label[]>
          className="nb-list-input"
          inputClassName="mono"
          label="Labels (JSON list of token strings or ids)"
          value={cell.labels}
          toText={labelsToText}
          fromText={textToLabels}
          onChange={(v) => set("labels", v)}
          hint="Each string must be exactly one token; it is shown as its id after a run."
          testId="field-labels"
        />
        <label className="nb-check" title="Scores as a distribution over the labels (otherwise exp(logprob) under the whole vocabulary).">
          <input type="checkbox" checked={cell.applySoftmax} onChange={(e) => set("applySoftmax", e.target.checked)} />
          apply_softmax
        </label>
        <label className="nb-check" title="Item before the query (item_first).">
          <input type="checkbox" checked={cell.itemFirst} onChange={(e) => set("itemFirst", e.target.checked)} />
          item_first
        </label>
        <NumberField label="top-k" integer value={cell.topK} onChange={(v) => set("topK", v ?? 0)} title="Top-k logprobs per position for the token view (0–20)." testId="field-topk" />
      </div>
    </div>
  );
}
