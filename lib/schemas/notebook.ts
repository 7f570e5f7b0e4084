import { z } from "zod";
import { Cell } from "./cell";

/** Which two backends a notebook compares (backend ids; null = pick the first healthy ones). */
export const NotebookSettings = z.object({
  backendA: z.string().max(64).nullable().default(null),
  backendB: z.string().max(64).nullable().default(null),
});
export type NotebookSettings = z.infer<typeof NotebookSettings>;

export const NOTEBOOK_LIMITS = { cells: 500, titleChars: 200 } as const;

export const NotebookTitle = z
  .string()
  .trim()
  .min(1, "the title is empty")
  .max(NOTEBOOK_LIMITS.titleChars, `the title is longer than ${NOTEBOOK_LIMITS.titleChars} characters`);

/** A notebook's editable content, stored as one JSON document and written as a whole, versioned. */
export const NotebookDoc = z
  .object({
    settings: NotebookSettings.prefault({}),
    cells: z.array(Cell).max(NOTEBOOK_LIMITS.cells, `a notebook holds at most ${NOTEBOOK_LIMITS.cells} cells`),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.cells.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["cells", i, "id"], message: `duplicate cell id "${c.id}"` });
      seen.add(c.id);
    });
  });
export type NotebookDoc = z.infer<typeof NotebookDoc>;
