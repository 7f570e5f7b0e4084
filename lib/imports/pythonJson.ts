/**
 * JSON as Python's json.dumps writes it: besides standard JSON it may hold the bare tokens NaN,
 * Infinity and -Infinity (bench_serving writes `"request_rate": Infinity` for the default rate). They
 * are read as strings "NaN" / "Infinity" / "-Infinity" so nothing turns into 0 or null by accident.
 */
export function parsePythonJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === "\\") {
        out += text[i + 1] ?? "";
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    const rest = text.startsWith("-Infinity", i) ? "-Infinity" : text.startsWith("Infinity", i) ? "Infinity" : text.startsWith("NaN", i) ? "NaN" : null;
    if (rest) {
      out += `"${rest}"`;
      i += rest.length - 1;
      continue;
    }
    out += ch;
  }
  try {
    return { ok: true, value: JSON.parse(out) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** A number from a field that may be a number, a numeric string, or Python's "inf"/"Infinity"/"NaN". */
export function numberField(v: unknown): number | null {
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  if (s === "inf" || s === "infinity" || s === "+inf") return Number.POSITIVE_INFINITY;
  if (s === "-inf" || s === "-infinity") return Number.NEGATIVE_INFINITY;
  if (s === "nan" || s === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
