"use client";

/** The notebook's title, edited in place (saved with everything else). */
export function TitleInput({ value, onChange }: { value: string; onChange(title: string): void }) {
  return (
    <input
      className="nb-title"
      aria-label="Notebook title"
      data-testid="notebook-title"
      value={value}
      maxLength={200}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
