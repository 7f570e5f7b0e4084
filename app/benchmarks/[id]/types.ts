import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/_app";

type Out = inferRouterOutputs<AppRouter>;
export type Detail = Out["benchmarkViews"]["detail"];
export type DetailRun = Detail["runs"][number];
