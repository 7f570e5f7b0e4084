import type { ReferenceEngine } from "../engine";
import { MODEL_PATH } from "../model/config";
import { HttpError } from "./errors";
import { sendJson, type Route } from "./router";
import { load, modelCard, modelInfo, serverInfo } from "./serverInfo";

export function modelInfoRoute(engine: ReferenceEngine, path: string): Route {
  return { methods: ["GET"], path, handler: ({ res }) => sendJson(res, 200, modelInfo(engine)) };
}

export function serverInfoRoute(engine: ReferenceEngine, path: string): Route {
  return { methods: ["GET"], path, handler: ({ res }) => sendJson(res, 200, serverInfo(engine)) };
}

export function modelsRoutes(engine: ReferenceEngine): Route[] {
  return [
    { methods: ["GET"], path: "/v1/models", handler: ({ res }) => sendJson(res, 200, { object: "list", data: [modelCard(engine)] }) },
    {
      methods: ["GET"],
      path: /^\/v1\/models\/(?<model>.+)$/,
      handler: ({ res, params }) => {
        const id = decodeURIComponent(params.model ?? "");
        if (id !== MODEL_PATH) {
          throw new HttpError(404, {
            error: { message: `The model \`${id}\` does not exist.`, type: "invalid_request_error", param: "model", code: "model_not_found" },
          });
        }
        sendJson(res, 200, modelCard(engine));
      },
    },
  ];
}

/** [S] deprecated list of per-DP loads; [J] `{"load": …}`. */
export function getLoadRoute(engine: ReferenceEngine): Route {
  return {
    methods: ["GET"],
    path: "/get_load",
    handler: ({ res }) => {
      const s = engine.scheduler;
      if (engine.settings.dialect === "sglang-jax") return sendJson(res, 200, { load: load(engine) });
      sendJson(res, 200, [
        {
          dp_rank: 0,
          num_reqs: s.running.length + s.waiting.length,
          num_waiting_reqs: s.waiting.length,
          num_tokens: load(engine),
          ts_tic: Date.now() / 1000,
        },
      ]);
    },
  };
}
