/**
 * JSON parsing that survives Python's non-standard floats. orjson sends NaN/±inf as null, but Python's
 * `json.dumps` (and some proxies) emit bare `NaN`, `Infinity`, `-Infinity`; JSON.parse rejects those.
 * They are rewritten to null outside strings, so a non-finite logprob becomes *missing*, never 0.
 */
export type JsonParse = { ok: true; value: unknown; nonFinite: number } | { ok: false; reason: string };

export function parseJsonLenient(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text), nonFinite: 0 };
  } catch (first) {
    const { text: fixed, count } = replaceNonFinite(text);
    if (count > 0) {
      try {
        return { ok: true, value: JSON.parse(fixed), nonFinite: count };
      } catch {
        // fall through to the original error
      }
    }
    return { ok: false, reason: first instanceof Error ? first.message : String(first) };
  }
}

function replaceNonFinite(text: string): { text: string; count: number } {
  let out = "";
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      // copy the string literal verbatim, honouring escapes
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^-?(?:NaN|Infinity)/.exec(text.slice(i, i + 9));
    if (m) {
      out += "null";
      count++;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return { text: out, count };
}

/** A JSON object as a record, or null for arrays, primitives and null. */
export function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
