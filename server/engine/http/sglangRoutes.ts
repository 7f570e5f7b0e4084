import type { ReferenceEngine } from "../engine";
import { healthRoutes } from "./adminRoutes";
import { commonRoutes } from "./commonRoutes";
import { SGLANG_PROFILE } from "./dialectProfile";
import { modelInfoRoute, serverInfoRoute } from "./infoRoutes";
import type { Route } from "./router";
import { tokenizeRoutes } from "./tokenizeRoutes";

/** The PyTorch SGLang server ([S]): deep /health, new info names plus deprecated get_* aliases, tokenize. */
export function sglangRoutes(engine: ReferenceEngine): Route[] {
  return [
    ...commonRoutes(engine, SGLANG_PROFILE),
    ...healthRoutes(engine, true),
    ...["/model_info", "/get_model_info"].map((path) => modelInfoRoute(engine, path)),
    ...["/server_info", "/get_server_info"].map((path) => serverInfoRoute(engine, path)),
    ...tokenizeRoutes(engine),
  ];
}
