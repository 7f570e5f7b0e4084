import type { GenerateCell, ScoreCell } from "../../lib/schemas/cell";
import type { SentInput } from "../../lib/schemas/cellRun";

/**
 * Turns a cell's text into the ids both backends receive. Pure: it only plans which texts to tokenize
 * and splits the ids that come back.
 *
 * Every text is tokenized as a whole prompt (special tokens included), exactly as the servers tokenize
 * `f"{query}{item}"` in text-mode scoring. Item ids are then the full prompt's ids minus the query's
 * (the query's minus the item's when item_first). The same trick resolves label strings: the label's
 * id is what follows the first prompt when the label text is appended to it. This needs no
 * "add_special_tokens: false", which one dialect cannot express (its only tokenizer is /generate).
 */
export interface TextPlan<T> {
  texts: string[];
  /** Index of the text a second tokenizer is asked about (the first full prompt). */
  checkIndex: number;
  build(ids: number[][]): { ok: true; value: T; notes: string[] } | { ok: false; message: string };
}

/** Longest common prefix split: `rest` follows the shared part; `clean` when all of `prefix` matched. */
export function stripPrefix(full: number[], prefix: number[]): { rest: number[]; clean: boolean } {
  let n = 0;
  while (n < prefix.length && n < full.length && full[n] === prefix[n]) n++;
  return { rest: full.slice(n), clean: n === prefix.length };
}

function idsAt(ids: number[][], i: number): number[] {
  const v = ids[i];
  if (!v) throw new Error(`tokenizer returned ${ids.length} lists; expected index ${i}`);
  return v;
}

export type ScoreInput = Extract<SentInput, { kind: "score" }>;
export type GenerateInput = Extract<SentInput, { kind: "generate" }>;

export function planScore(cell: ScoreCell): TextPlan<ScoreInput> {
  const n = cell.items.length;
  const lead = cell.itemFirst ? cell.items : [cell.query];
  const prompts = cell.items.map((item) => (cell.itemFirst ? item + cell.query : cell.query + item));
  const labelTexts = cell.labels.filter((l): l is string => typeof l === "string");
  const context = prompts[0] as string;
  const texts = [...lead, ...prompts, ...labelTexts.map((l) => context + l)];
  const promptAt = lead.length;
  const labelAt = promptAt + n;

  return {
    texts,
    checkIndex: promptAt,
    build(ids) {
      const notes: string[] = [];
      let query: number[];
      let items: number[][];
      if (cell.itemFirst) {
        items = cell.items.map((_, i) => idsAt(ids, i));
        const tails = items.map((item, i) => stripPrefix(idsAt(ids, promptAt + i), item));
        query = tails[0]?.rest ?? [];
        tails.forEach((t, i) => {
          if (!t.clean) notes.push(`item ${i} and the query merge across their boundary when tokenized together; the ids sent keep them apart`);
          else if (t.rest.join() !== query.join()) notes.push(`the query tokenizes differently after item ${i}; item 0's version is sent`);
        });
      } else {
        query = idsAt(ids, 0);
        items = cell.items.map((_, i) => {
          const t = stripPrefix(idsAt(ids, promptAt + i), query);
          if (!t.clean) notes.push(`the query and item ${i} merge across their boundary when tokenized together; the ids sent keep them apart`);
          return t.rest;
        });
      }
      const empty = items.findIndex((it) => it.length === 0);
      if (empty >= 0) return { ok: false, message: `items.${empty}: tokenizes to no tokens after the query; give it some text` };

      const contextIds = idsAt(ids, promptAt);
      const labels: ScoreInput["labels"] = [];
      let s = 0;
      for (const label of cell.labels) {
        if (typeof label === "number") {
          labels.push({ label, id: label });
          continue;
        }
        const t = stripPrefix(idsAt(ids, labelAt + s++), contextIds);
        const shown = JSON.stringify(label);
        if (!t.clean) return { ok: false, message: `label ${shown} merges with the end of the prompt when tokenized; give its token id instead` };
        if (t.rest.length !== 1) {
          return {
            ok: false,
            message: `label ${shown} is ${t.rest.length} tokens ([${t.rest.join(", ")}]); use a single token or give the id`,
          };
        }
        labels.push({ label, id: t.rest[0] as number });
      }
      const full = items.map((item) => (cell.itemFirst ? [...item, ...query] : [...query, ...item]));
      return {
        ok: true,
        notes,
        value: { kind: "score", query, items, prompts: full, labelIds: labels.map((l) => l.id), labels },
      };
    },
  };
}

export function planGenerate(cell: GenerateCell): TextPlan<GenerateInput> {
  return {
    texts: [cell.prompt],
    checkIndex: 0,
    build(ids) {
      const prompt = idsAt(ids, 0);
      if (prompt.length === 0) return { ok: false, message: "prompt: tokenizes to no tokens; give it some text" };
      return { ok: true, notes: [], value: { kind: "generate", prompt } };
    },
  };
}

/** "12 vs 13 tokens; first difference at position 4 (A 345, B 346)", or null when equal. */
export function describeIdDifference(a: number[], b: number[], nameA = "A", nameB = "B"): string | null {
  if (a.length === b.length && a.every((v, i) => v === b[i])) return null;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = (v: number[]) => (i < v.length ? String(v[i]) : "end");
  return `${a.length} vs ${b.length} tokens; first difference at position ${i} (${nameA} ${at(a)}, ${nameB} ${at(b)})`;
}
