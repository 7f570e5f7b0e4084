/**
 * A table as plain data — text cells with an optional hover definition and tone — so the results page,
 * the markdown summary and the HTML report show exactly the same numbers with the same words.
 */
export type Tone = "ok" | "bad" | "warn" | "muted";

export interface TableCell {
  text: string;
  /** Hover text: the metric's definition, or the full reason. */
  title?: string;
  tone?: Tone;
}

export interface Table {
  id: string;
  caption: string;
  /** What the table holds and how its numbers were computed. */
  definition: string;
  head: TableCell[];
  rows: TableCell[][];
  /** Shown instead of the rows when there are none. */
  empty?: string;
}

export const cell = (text: string, extra: Omit<TableCell, "text"> = {}): TableCell => ({ text, ...extra });
