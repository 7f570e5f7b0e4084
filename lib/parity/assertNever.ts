/** Exhaustiveness check for switches over a union; reaching it at runtime means a bad value got in. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
