"use client";
import { useId } from "react";
import type { Parsed } from "./cellText";
import { useTextField } from "./useTextField";

export interface ParsedInputProps<T> {
  label: string;
  value: T;
  toText(v: T): string;
  fromText(s: string): Parsed<T>;
  onChange(v: T): void;
  hint?: string;
  title?: string;
  placeholder?: string;
  testId?: string;
  className?: string;
  inputClassName?: string;
  size?: number;
}

/** A one-line input over a typed value: kept as typed while it does not parse, with the reason in words. */
export function ParsedInput<T>({ label, value, toText, fromText, onChange, hint, title, placeholder, testId, className, inputClassName, size }: ParsedInputProps<T>) {
  const field = useTextField(value, toText, fromText, onChange);
  const errorId = useId();
  return (
    <label className={className} title={title}>
      {label}
      <input
        className={inputClassName}
        size={size}
        value={field.text}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={field.error !== null}
        aria-describedby={field.error ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => field.onText(e.target.value)}
      />
      {field.error ? (
        <span id={errorId} className="field-error">
          {field.error}
        </span>
      ) : (
        hint && <span className="muted">{hint}</span>
      )}
    </label>
  );
}
