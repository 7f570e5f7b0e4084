"use client";
import { ParsedInput } from "./ParsedInput";
import { parseNumber } from "./useTextField";

interface Props {
  label: string;
  value: number | undefined;
  onChange(value: number | undefined): void;
  optional?: boolean;
  integer?: boolean;
  placeholder?: string;
  title?: string;
  testId?: string;
}

const asText = (v: number | undefined) => (v === undefined ? "" : String(v));

/** A number typed as text ("" = not set, for optional ones). */
export function NumberField({ optional = false, integer = false, ...rest }: Props) {
  return <ParsedInput<number | undefined> {...rest} size={8} toText={asText} fromText={parseNumber(optional, integer)} />;
}
