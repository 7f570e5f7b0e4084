import { tmpdir } from "node:os";
import type { ReferenceEngine } from "../engine";
import { ProfilerStateError } from "../profiler";
import type { SamplingParams } from "../scheduler/types";
import { HttpError, validationError } from "./errors";
import { checkFields, isBool, isInt, isObj, isStr, notAnObject } from "./fieldTypes";
import { sendJson, sendText, type Route } from "./router";

const HEALTH_TIMEOUT_MS = 20_000;

/**
 * One-token generation through the scheduler, as SGLang's health check does. Like SGLang, a busy
 * server counts as healthy as soon as the scheduler makes progress (a step completes), so health
 * probes do not queue behind a long waiting list.
 */
async function healthGeneration(engine: ReferenceEngine, signal: AbortSignal): Promise<boolean> {
  const sampling: SamplingParams = {
    maxNewTokens: 1, minNewTokens: 0, temperature: 0, topP: 1, topK: -1, minP: 0, frequencyPenalty: 0, presencePenalty: 0,
    repetitionPenalty: 1, stop: [], stopTokenIds: [], ignoreEos: true, skipSpecialTokens: true, noStopTrim: false, samplingSeed: 0,
  };
  const busy = !engine.scheduler.idle;
  const r = engine.submit({ rid: `HEALTH_CHECK_${Date.now()}`, inputIds: [engine.tokenizer.special("<|bos|>")], sampling, logprob: null, internal: true });
  const timer = setTimeout(() => engine.scheduler.abort(r, "health check timed out"), HEALTH_TIMEOUT_MS);
  const progressed = busy ? engine.scheduler.nextStep().then(() => true) : new Promise<boolean>(() => {});
  const generated = engine.wait(r, signal).then((done) => done.finishReason?.type === "length");
  const ok = await Promise.race([progressed, generated]);
  clearTimeout(timer);
  engine.scheduler.abort(r, "health check answered");
  return ok;
}

export function healthRoutes(engine: ReferenceEngine, deepHealth: boolean): Route[] {
  const generate: Route["handler"] = async ({ res, signal }) => {
    const ok = await healthGeneration(engine, signal);
    sendText(res, ok ? 200 : 503, "");
  };
  return [
    { methods: ["GET"], path: "/health", handler: deepHealth ? generate : ({ res }) => sendText(res, 200, "") },
    { methods: ["GET"], path: "/health_generate", handler: generate },
  ];
}

export function flushCacheRoute(engine: ReferenceEngine): Route {
  return {
    methods: ["GET", "POST"],
    path: "/flush_cache",
    handler: ({ res }) => {
      const ok = engine.scheduler.flushCache();
      sendText(
        res,
        ok ? 200 : 400,
        "Cache flushed.\nPlease check backend logs for more details. (When there are running or waiting requests, the operation will not be performed.)\n",
      );
    },
  };
}

/** /start_profile, /stop_profile and ([J]) /profile_status. Profiler state errors are 500, as RuntimeErrors are. */
export function profileRoutes(engine: ReferenceEngine): Route[] {
  const jax = engine.settings.dialect === "sglang-jax";
  const envDir = jax ? process.env.SGLANG_JAX_PROFILER_DIR : process.env.SGLANG_TORCH_PROFILER_DIR;
  const asHttp = (err: unknown) => (err instanceof ProfilerStateError ? new HttpError(500, err.message, "text/plain; charset=utf-8") : err);
  const routes: Route[] = [
    {
      methods: ["GET", "POST"],
      path: "/start_profile",
      handler: async ({ res, json }) => {
        const body = (await json({ optional: true })) ?? {};
        if (!isObj(body)) throw validationError([notAnObject(body)]);
        const b = body as Record<string, unknown>;
        const errors = checkFields(b, {
          output_dir: { check: isStr, expected: "Input should be a valid string" },
          num_steps: { check: isInt, expected: "Input should be a valid integer" },
          start_step: { check: isInt, expected: "Input should be a valid integer" },
          profile_prefix: { check: isStr, expected: "Input should be a valid string" },
          profile_by_stage: { check: isBool, expected: "Input should be a valid boolean" },
        });
        if (errors.length > 0) throw validationError(errors);
        try {
          engine.profiler.start({
            outputDir: (b.output_dir as string | undefined) ?? envDir ?? tmpdir(),
            numSteps: (b.num_steps as number | undefined) ?? null,
            startStep: (b.start_step as number | undefined) ?? null,
            prefix: (b.profile_prefix as string | undefined) ?? null,
          });
        } catch (err) {
          throw asHttp(err);
        }
        sendText(res, 200, "Start profiling.\n");
      },
    },
    {
      methods: ["GET", "POST"],
      path: "/stop_profile",
      handler: async ({ res }) => {
        try {
          await engine.profiler.stop();
        } catch (err) {
          throw asHttp(err);
        }
        sendText(res, 200, "Stop profiling. This will take some time.\n");
      },
    },
  ];
  if (jax) {
    routes.push({
      methods: ["GET"],
      path: "/profile_status",
      handler: ({ res }) => sendJson(res, 200, { status: engine.profiler.active ? "in_progress" : "idle" }),
    });
  }
  return routes;
}

/** [S] always serves `sglang:*`; [J] serves only `pd_*`, and only with --enable-metrics. */
export function metricsRoute(engine: ReferenceEngine): Route[] {
  const jax = engine.settings.dialect === "sglang-jax";
  if (jax && !engine.settings.enableMetrics) return [];
  const contentType = "text/plain; version=0.0.4; charset=utf-8";
  return [
    {
      methods: ["GET"],
      path: "/metrics",
      handler: ({ res }) => sendText(res, 200, jax ? engine.metrics.renderJax() : engine.metrics.renderSglang(), contentType),
    },
  ];
}

/** POST /abort_request `{"rid", "abort_all"}` (both servers). */
export function abortRoute(engine: ReferenceEngine): Route {
  return {
    methods: ["POST"],
    path: "/abort_request",
    handler: async ({ res, json }) => {
      const body = await json();
      if (!isObj(body)) throw validationError([notAnObject(body)]);
      const b = body as Record<string, unknown>;
      const s = engine.scheduler;
      const all = b.abort_all === true;
      for (const r of [...s.waiting, ...s.running]) if (all || r.spec.rid === b.rid) s.abort(r);
      sendText(res, 200, "");
    },
  };
}
