/**
 * Option normalisers for the maths modules: one place, fixed names, and errors that quote the bad
 * value (`invalid B; not an integer ≥ 1: 0.5`), so a caller learns what to fix instead of getting NaN.
 */

function fail(name: string, expected: string, value: unknown): never {
  throw new RangeError(`invalid ${name}; ${expected}: ${String(value)}`);
}

export function coerceFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(name, "not a finite number", value);
  return value;
}

export function coerceNonNegative(name: string, value: unknown): number {
  const x = coerceFinite(name, value);
  if (x < 0) fail(name, "not a finite number ≥ 0", value);
  return x;
}

export function coercePositiveInt(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) fail(name, "not an integer ≥ 1", value);
  return value;
}

/** A number in the closed interval [lo, hi]. */
export function coerceInRange(name: string, value: unknown, lo: number, hi: number): number {
  const x = coerceFinite(name, value);
  if (x < lo || x > hi) fail(name, `not in [${lo}, ${hi}]`, value);
  return x;
}

/** A confidence level, strictly between 0 and 1 (0.95 for a 95% interval). */
export function coerceLevel(name: string, value: unknown): number {
  const x = coerceFinite(name, value);
  if (x <= 0 || x >= 1) fail(name, "not in (0, 1)", value);
  return x;
}

/** A 32-bit unsigned seed; any finite number is folded into that range. */
export function coerceSeed(name: string, value: unknown): number {
  return coerceFinite(name, value) >>> 0;
}
