import type { ReactNode } from "react";

/** A labelled input with its error under it; `hint` is the hover text (what the field means). */
export function FormField({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <label title={hint}>
      <span>{label}</span>
      {children}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
