import type { ReferenceEngine } from "../engine";
import { abortRoute, flushCacheRoute, metricsRoute, profileRoutes } from "./adminRoutes";
import type { DialectProfile } from "./dialectProfile";
import { handleGenerate } from "./generateRoute";
import { getLoadRoute, modelsRoutes } from "./infoRoutes";
import type { Route } from "./router";
import { handleScore } from "./scoreRoute";

/** Endpoints both servers have; their dialect differences live in the profile and the engine settings. */
export function commonRoutes(engine: ReferenceEngine, profile: DialectProfile): Route[] {
  return [
    { methods: ["POST", "PUT"], path: "/generate", handler: (ctx) => handleGenerate(ctx, engine, profile) },
    { methods: ["POST"], path: "/v1/score", handler: (ctx) => handleScore(ctx, engine, profile) },
    ...modelsRoutes(engine),
    flushCacheRoute(engine),
    ...profileRoutes(engine),
    ...metricsRoute(engine),
    getLoadRoute(engine),
    abortRoute(engine),
  ];
}
