"use client";
import dynamic from "next/dynamic";

export interface MonacoFieldProps {
  value: string;
  onChange(value: string): void;
  language?: "plaintext" | "markdown";
  ariaLabel: string;
  /** Shift+Enter / Ctrl+Enter inside the editor. */
  onRun?: () => void;
  testId?: string;
  minLines?: number;
  maxLines?: number;
}

// Monaco touches `window` when imported: load it in the browser only.
const Bundled = dynamic(() => import("./MonacoBundled").then((m) => m.MonacoBundled), {
  ssr: false,
  loading: () => <div className="nb-monaco nb-monaco-loading muted">Loading editor…</div>,
});

/** A cell text field edited in Monaco (bundled from npm, never a CDN). */
export function MonacoField(props: MonacoFieldProps) {
  return (
    <div className="nb-field">
      <span className="nb-field-label">{props.ariaLabel}</span>
      <Bundled {...props} />
    </div>
  );
}
