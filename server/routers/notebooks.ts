import { z } from "zod";
import { NotebookDoc, NotebookTitle } from "../../lib/schemas/notebook";
import { starterDoc } from "../notebooks/starter";
import { publicProcedure, router } from "../trpc";

const NotebookId = z.string().min(1).max(64);
const ById = z.object({ id: NotebookId });

export const notebooksRouter = router({
  list: publicProcedure
    .input(z.object({ search: z.string().max(200).optional(), deleted: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => ctx.notebooks.list(input ?? {})),

  get: publicProcedure.input(ById).query(({ ctx, input }) => ctx.notebooks.get(input.id)),

  create: publicProcedure
    .input(z.object({ title: NotebookTitle.default("Untitled notebook"), doc: NotebookDoc.optional() }).prefault({}))
    .mutation(({ ctx, input }) => ctx.notebooks.create(input.title, input.doc ?? starterDoc())),

  /** Versioned write: refused as data (`{ok:false, conflict}`) when `baseVersion` is not the stored one. */
  save: publicProcedure
    .input(z.object({ id: NotebookId, baseVersion: z.number().int().min(1), title: NotebookTitle, doc: NotebookDoc }))
    .mutation(({ ctx, input }) => ctx.notebooks.save(input.id, input.baseVersion, input.title, input.doc)),

  duplicate: publicProcedure.input(ById).mutation(async ({ ctx, input }) => {
    const nb = await ctx.notebooks.get(input.id);
    return ctx.notebooks.create(`${nb.title} (copy)`.slice(0, 200), nb.doc);
  }),

  delete: publicProcedure.input(ById).mutation(async ({ ctx, input }) => {
    await ctx.notebooks.softDelete(input.id);
    return { id: input.id };
  }),

  restore: publicProcedure.input(ById).mutation(({ ctx, input }) => ctx.notebooks.restore(input.id)),
});
