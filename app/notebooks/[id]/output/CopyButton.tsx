"use client";
import { useEffect, useState } from "react";
import { copyText } from "./clipboard";

/** A labelled Copy button that says whether copying worked (and what to do when it did not). */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state !== "copied") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <span className="out-copy">
      <button type="button" onClick={() => void copyText(text).then((ok) => setState(ok ? "copied" : "failed"))} data-testid={testId}>
        {state === "copied" ? "Copied" : label}
      </button>
      <span role="status" className={state === "failed" ? "field-error" : "sr-only"}>
        {state === "copied" ? `${label}: copied` : state === "failed" ? "Copy was blocked here: select the text below and copy it (Ctrl+C)." : ""}
      </span>
    </span>
  );
}
