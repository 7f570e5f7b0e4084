/**
 * Words for a misspelled field: strict schemas refuse keys they do not know (a typo such as
 * "maxConcurency" would otherwise be dropped and the default used without a word), and this names the
 * field meant — SGLang's snake_case spelling of a camelCase field, another case, or a near miss.
 */

const camel = (s: string) => s.replace(/[_-]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** Edit distance, cut off above `max` (fields are short; this runs only on an error). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}

export function suggestField(key: string, known: ReadonlyArray<string>): string | null {
  const lower = camel(key).toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const max = key.length <= 4 ? 1 : 2;
  let best: { k: string; d: number } | null = null;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase(), max);
    if (d <= max && (best === null || d < best.d)) best = { k, d };
  }
  return best?.k ?? null;
}

/**
 * 'unknown field "maxConcurency" (did you mean "maxConcurrency"?)'. `known` spans the whole file, so a key
 * that is right elsewhere ("arrival" on a closed load) is told it does not belong here, not to "mean" itself.
 */
export function describeUnknownFields(keys: ReadonlyArray<string>, known: ReadonlyArray<string>): string {
  return keys
    .map((key) => {
      const s = suggestField(key, known);
      if (s === key) return `field ${JSON.stringify(key)} does not belong here (it is a field of another part of the file)`;
      return `unknown field ${JSON.stringify(key)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}`;
    })
    .join("; ");
}
