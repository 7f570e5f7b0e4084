import { publicProcedure, router } from "../trpc";

export const systemRouter = router({
  info: publicProcedure.query(({ ctx }) => ({
    version: ctx.version.version,
    commit: ctx.version.commit,
  })),
});
