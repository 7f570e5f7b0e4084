// `studio engine`: start one reference engine (a small deterministic transformer LM) speaking the
// sglang or sglang-jax HTTP dialect, until SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { ENGINE_DEFAULTS, resolveSettings, startEngine, type StartEngineOptions } from "../engine";

const HELP = `usage: npm run studio -- engine --dialect sglang|sglang-jax [options]

Starts the reference engine: a small deterministic transformer LM in TypeScript that serves the
SGLang (PyTorch) or SGLang-JAX HTTP API.

options:
  --dialect D                 sglang | sglang-jax (required)
  --port N                    port to listen on; 0 = a free port (default 30000, as SGLang)
  --host H                    address to bind (default ${ENGINE_DEFAULTS.host})
  --dtype T                   float32 | bfloat16 (default ${ENGINE_DEFAULTS.dtype}); bfloat16 rounds matmul inputs/outputs
  --enable-mis                multi-item scoring on /v1/score (sglang dialect only)
  --api-key K                 require "Authorization: Bearer K" (except /health*, /metrics*)
  --max-running-requests N    size of the running batch (default ${ENGINE_DEFAULTS.maxRunningRequests})
  --seed N                    server random seed for sampling without sampling_seed (default ${ENGINE_DEFAULTS.seed})
  --enable-metrics            sglang-jax: serve /metrics (pd_* only); sglang: add timing keys to meta_info
                              (sglang always serves sglang:* metrics)
  --step-delay-ms N           extra sleep per scheduler step, to slow this backend on purpose (default 0)
  --help                      show this help
`;

const DEFAULT_PORT = 30000;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new Error(`invalid ${name}; not an integer: ${v}`);
  return Number(v);
}

function toOptions(argv: string[]): StartEngineOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      dialect: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      dtype: { type: "string" },
      "enable-mis": { type: "boolean" },
      "api-key": { type: "string" },
      "max-running-requests": { type: "string" },
      seed: { type: "string" },
      "enable-metrics": { type: "boolean" },
      "step-delay-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (!values.dialect) throw new Error("--dialect is required (sglang or sglang-jax)");
  const port = int("--port", values.port);
  if (port !== undefined && (port < 0 || port > 65535)) throw new Error(`invalid --port; not in [0, 65535]: ${port}`);
  const opts: StartEngineOptions = {
    dialect: values.dialect as StartEngineOptions["dialect"],
    port: port ?? DEFAULT_PORT,
    host: values.host,
    dtype: values.dtype as StartEngineOptions["dtype"],
    enableMis: values["enable-mis"] ?? false,
    apiKey: values["api-key"] ?? null,
    maxRunningRequests: int("--max-running-requests", values["max-running-requests"]),
    seed: int("--seed", values.seed),
    enableMetrics: values["enable-metrics"] ?? false,
    stepDelayMs: int("--step-delay-ms", values["step-delay-ms"]),
  };
  resolveSettings(opts); // fail on bad values before loading the model
  return opts;
}

export default async function run(argv: string[]): Promise<number> {
  let opts: StartEngineOptions | "help";
  try {
    opts = toOptions(argv);
  } catch (err) {
    process.stderr.write(`studio engine: ${err instanceof Error ? err.message : String(err)} (see --help)\n`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const running = await startEngine(opts);
  const { dialect, precision } = running.engine.settings;
  process.stdout.write(`reference engine (${dialect}, ${precision}) listening on ${running.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.off("disconnect", stop);
      running.close().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    // started by the studio (with an IPC channel): go when it goes, even if it crashed
    if (process.send) process.once("disconnect", stop);
  });
  return 0;
}
