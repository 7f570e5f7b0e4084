import { createCallerFactory, router } from "../trpc";
import { backendsRouter } from "./backends";
import { systemRouter } from "./system";

export const appRouter = router({
  system: systemRouter,
  backends: backendsRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller (server components, CLI, tests): same procedures, no HTTP. */
export const createCaller = createCallerFactory(appRouter);
export type StudioCaller = ReturnType<typeof createCaller>;
