"use client";
import { useEffect, useRef, useState } from "react";
import type { Parsed } from "./cellText";

/**
 * A text box over a typed value: the user's text is kept as typed (even while it does not parse), the
 * value is committed when it parses, and the text follows the value when it changes from outside
 * (another version taken, an undo) — but never rewrites what the user is typing.
 */
export function useTextField<T>(value: T, toText: (v: T) => string, fromText: (s: string) => Parsed<T>, commit: (v: T) => void) {
  const [text, setText] = useState(() => toText(value));
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef(text);
  textRef.current = text;

  useEffect(() => {
    const parsed = fromText(textRef.current);
    if (!parsed.ok || JSON.stringify(parsed.value) !== JSON.stringify(value)) {
      setText(toText(value));
      setError(null);
    }
    // only an outside change of the value resyncs the text
  }, [JSON.stringify(value)]);

  const onText = (next: string) => {
    setText(next);
    const parsed = fromText(next);
    if (parsed.ok) {
      setError(null);
      if (JSON.stringify(parsed.value) !== JSON.stringify(value)) commit(parsed.value);
    } else {
      setError(parsed.message);
    }
  };
  return { text, onText, error };
}

/** Number fields: "" is "not set" for optional ones; anything else must be a finite number. */
export function parseNumber(optional: boolean, integer: boolean): (s: string) => Parsed<number | undefined> {
  return (s) => {
    const t = s.trim();
    if (t === "") return optional ? { ok: true, value: undefined } : { ok: false, message: "a number is needed here" };
    const n = Number(t);
    if (!Number.isFinite(n)) return { ok: false, message: `${JSON.stringify(t)} is not a number` };
    if (integer && !Number.isInteger(n)) return { ok: false, message: `${t} is not a whole number` };
    return { ok: true, value: n };
  };
}
