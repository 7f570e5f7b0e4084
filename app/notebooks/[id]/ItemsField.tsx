"use client";
import { itemsToText, textToItems } from "./cellText";
import { MonacoField } from "./MonacoField";
import { useTextField } from "./useTextField";

/** A score cell's items in Monaco: one per line, or a JSON list when an item holds a line break. */
export function ItemsField({ items, onChange, onRun }: { items: string[]; onChange(items: string[]): void; onRun(): void }) {
  const field = useTextField(items, itemsToText, textToItems, onChange);
  return (
    <div className="nb-items">
      <MonacoField value={field.text} onChange={field.onText} ariaLabel="Items (one per line, or a JSON list)" onRun={onRun} testId="field-items" minLines={2} />
      {field.error ? <p className="field-error">{field.error}</p> : <p className="muted nb-hint">{items.length} item{items.length === 1 ? "" : "s"}</p>}
    </div>
  );
}
