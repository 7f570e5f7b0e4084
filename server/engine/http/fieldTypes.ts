import type { FieldError } from "./errors";

/** Pydantic-like type checks for request bodies; each returns an error or null. */
export type Check = (v: unknown) => boolean;

export const isInt: Check = (v) => typeof v === "number" && Number.isInteger(v);
export const isNum: Check = (v) => typeof v === "number" && Number.isFinite(v);
export const isBool: Check = (v) => typeof v === "boolean";
export const isStr: Check = (v) => typeof v === "string";
export const isObj: Check = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
export const listOf =
  (c: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(c);
export const oneOf =
  (...cs: Check[]): Check =>
  (v) =>
    cs.some((c) => c(v));

export interface FieldRule {
  check: Check;
  /** what pydantic would say, e.g. "Input should be a valid boolean" */
  expected: string;
}

/** Checks present, non-null fields of `body` against `rules`; collects FastAPI-style errors. */
export function checkFields(body: Record<string, unknown>, rules: Record<string, FieldRule>, required: string[] = []): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of required) {
    if (body[name] === undefined) errors.push({ type: "missing", loc: ["body", name], msg: "Field required", input: body });
  }
  for (const [name, rule] of Object.entries(rules)) {
    const v = body[name];
    if (v === undefined || v === null) continue;
    if (!rule.check(v)) errors.push({ type: "value_error", loc: ["body", name], msg: rule.expected, input: v });
  }
  return errors;
}

export const notAnObject = (input: unknown): FieldError => ({
  type: "model_attributes_type",
  loc: ["body"],
  msg: "Input should be a valid dictionary or object to extract fields from",
  input,
});
