import type { Label } from "../../../lib/schemas/cell";

/**
 * How list fields of a cell are shown as text in the editor, and read back.
 * Items: one per line, or a JSON list (needed when an item holds a line break). Labels: a JSON list
 * of strings and/or ids, so a leading space (" yes") stays visible and exact.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function itemsToText(items: string[]): string {
  return items.some((i) => i.includes("\n") || i === "") ? JSON.stringify(items, null, 2) : items.join("\n");
}

export function textToItems(text: string): Parsed<string[]> {
  if (text.trimStart().startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { ok: false, message: `items look like a JSON list but do not parse: ${(err as Error).message}` };
    }
    if (!Array.isArray(json) || !json.every((v) => typeof v === "string")) return { ok: false, message: "a JSON list of items must hold only strings" };
    return { ok: true, value: json };
  }
  // One item per line; blank lines separate nothing and are dropped.
  return { ok: true, value: text.split("\n").filter((line) => line.trim() !== "") };
}

export function labelsToText(labels: Label[]): string {
  return JSON.stringify(labels);
}

export function textToLabels(text: string): Parsed<Label[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'labels must be a JSON list, e.g. [" yes", " no"] or [9891, 2360]' };
  }
  if (!Array.isArray(json)) return { ok: false, message: 'labels must be a JSON list, e.g. [" yes", " no"]' };
  for (const [i, v] of json.entries()) {
    const okId = typeof v === "number" && Number.isInteger(v) && v >= 0;
    if (!okId && typeof v !== "string") return { ok: false, message: `label ${i}: ${JSON.stringify(v)} is neither a token string nor a token id` };
  }
  return { ok: true, value: json as Label[] };
}
