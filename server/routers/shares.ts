import { z } from "zod";
import { publicProcedure, router } from "../trpc";

const NotebookId = z.string().min(1).max(64);
/** Share ids are base64url (newId); anything else cannot be one, so it is refused before the database. */
const ShareId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "a share id holds only letters, digits, '-' and '_'");

/**
 * Share links. Only `get` and `fork` take a share id alone, and neither changes the share: fork makes a
 * new notebook. Creating, listing and revoking name the notebook, whose id a share never reveals.
 */
export const sharesRouter = router({
  create: publicProcedure.input(z.object({ notebookId: NotebookId })).mutation(({ ctx, input }) => ctx.shares.create(input.notebookId)),

  list: publicProcedure.input(z.object({ notebookId: NotebookId })).query(({ ctx, input }) => ctx.shares.list(input.notebookId)),

  revoke: publicProcedure
    .input(z.object({ notebookId: NotebookId, id: ShareId }))
    .mutation(({ ctx, input }) => ctx.shares.revoke(input.notebookId, input.id)),

  get: publicProcedure.input(z.object({ id: ShareId })).query(({ ctx, input }) => ctx.shares.get(input.id)),

  /** The share page's form of `get`: outputs as ready-to-send JSON strings (server/shares/view.ts). */
  view: publicProcedure.input(z.object({ id: ShareId })).query(({ ctx, input }) => ctx.shares.view(input.id)),

  fork: publicProcedure.input(z.object({ id: ShareId })).mutation(async ({ ctx, input }) => {
    const nb = await ctx.shares.fork(input.id);
    return { id: nb.id, title: nb.title };
  }),
});
