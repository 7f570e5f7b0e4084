import { createCallerFactory, router } from "../trpc";
import { backendsRouter } from "./backends";
import { benchmarksRouter } from "./benchmarks";
import { benchmarkViewsRouter } from "./benchmarkViews";
import { cellsRouter } from "./cells";
import { notebooksRouter } from "./notebooks";
import { sharesRouter } from "./shares";
import { systemRouter } from "./system";

export const appRouter = router({
  system: systemRouter,
  backends: backendsRouter,
  notebooks: notebooksRouter,
  shares: sharesRouter,
  cells: cellsRouter,
  benchmarks: benchmarksRouter,
  benchmarkViews: benchmarkViewsRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller (server components, CLI, tests): same procedures, no HTTP. */
export const createCaller = createCallerFactory(appRouter);
export type StudioCaller = ReturnType<typeof createCaller>;
