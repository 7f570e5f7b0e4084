import type { ReferenceEngine } from "../engine";
import { healthRoutes } from "./adminRoutes";
import { commonRoutes } from "./commonRoutes";
import { JAX_PROFILE } from "./dialectProfile";
import { modelInfoRoute, serverInfoRoute } from "./infoRoutes";
import type { Route } from "./router";

/** The SGLang-JAX server ([J]): shallow /health, only get_* info names, no tokenize (/profile_status via profileRoutes). */
export function jaxRoutes(engine: ReferenceEngine): Route[] {
  return [
    ...commonRoutes(engine, JAX_PROFILE),
    ...healthRoutes(engine, false),
    modelInfoRoute(engine, "/get_model_info"),
    serverInfoRoute(engine, "/get_server_info"),
  ];
}
