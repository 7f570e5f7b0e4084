import type { BackendConfig } from "../../lib/schemas/backend";
import type { BenchBackend, BenchmarkDraftInput, LogprobsMode, RequestSnapshot } from "../../lib/schemas/benchmark";
import { BACKEND_FLAG_OPTIONS, backendFromUrlFlags, UsageError } from "./backendFlags";

/**
 * `bench run` flags, vllm-bench-serve-like, turned into a benchmark draft. Validation of values beyond
 * "is a number" is the benchmark schema's: its messages name the field.
 */

export { UsageError };

export const BENCH_OPTIONS = {
  cell: { type: "string" },
  ...BACKEND_FLAG_OPTIONS,
  "a-name": { type: "string" },
  "b-name": { type: "string" },
  "a-api-key-env": { type: "string" },
  "b-api-key-env": { type: "string" },
  concurrency: { type: "string" },
  rate: { type: "string" },
  items: { type: "string" },
  arrival: { type: "string" },
  burstiness: { type: "string" },
  "max-concurrency": { type: "string" },
  requests: { type: "string" },
  seconds: { type: "string" },
  warmup: { type: "string" },
  trials: { type: "string" },
  seed: { type: "string" },
  "concurrent-backends": { type: "boolean", default: false },
  logprobs: { type: "string" },
  "ignore-eos": { type: "boolean", default: false },
  "slo-ttft-ms": { type: "string" },
  "slo-tpot-ms": { type: "string" },
  "slo-e2e-ms": { type: "string" },
  "max-throughput-drop-pct": { type: "string" },
  "max-p95-increase-pct": { type: "string" },
  "max-error-rate-increase-pts": { type: "string" },
  "gate-latency": { type: "string" },
  parity: { type: "string" },
  "timeout-s": { type: "string" },
  "telemetry-ms": { type: "string" },
  "profile-levels": { type: "string" },
  "profile-steps": { type: "string" },
  name: { type: "string" },
  baseline: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export type BenchValues = Record<string, string | boolean | undefined>;

function num(v: BenchValues, flag: string): number | undefined {
  const text = v[flag];
  if (text === undefined || typeof text === "boolean") return undefined;
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) throw new UsageError(`--${flag} must be a number (got ${JSON.stringify(text)})`);
  return x;
}

function list(v: BenchValues, flag: string): number[] | undefined {
  const text = v[flag];
  if (text === undefined || typeof text === "boolean") return undefined;
  return text.split(",").map((part) => {
    const x = Number(part.trim());
    if (part.trim() === "" || !Number.isFinite(x)) throw new UsageError(`--${flag} takes numbers separated by commas, e.g. 1,16,64 (got ${JSON.stringify(text)})`);
    return x;
  });
}

function str(v: BenchValues, flag: string): string | undefined {
  const x = v[flag];
  return typeof x === "string" ? x : undefined;
}

/** A backend of the ad hoc form (--a/--b): its public part for the spec and its API key. */
export function backendFlags(side: "a" | "b", v: BenchValues): { spec: BenchBackend; apiKey: string | null } | null {
  const url = str(v, side);
  if (url === undefined) {
    if (side === "a") throw new UsageError("--a <url> is required (or give a benchmark file)");
    for (const k of ["dialect", "model", "name", "api-key", "api-key-env"]) {
      if (str(v, `b-${k}`) !== undefined) throw new UsageError(`--b-${k} needs --b <url>`);
    }
    return null;
  }
  const parsed = backendFromUrlFlags(side, v);
  const keyEnv = str(v, `${side}-api-key-env`);
  const spec: BenchBackend = {
    name: str(v, `${side}-name`) ?? side,
    dialect: parsed.dialect,
    baseUrl: parsed.baseUrl,
    model: parsed.model ?? null,
    ...(keyEnv !== undefined ? { apiKeyEnv: keyEnv } : {}),
  };
  return { spec, apiKey: parsed.apiKey ?? null };
}

function loadFlags(v: BenchValues): BenchmarkDraftInput["load"] {
  const concurrency = list(v, "concurrency");
  const rates = list(v, "rate");
  const items = list(v, "items");
  if (items) {
    if (rates) throw new UsageError("--items sweeps items per request at one concurrency; it does not combine with --rate");
    if (concurrency && concurrency.length > 1) throw new UsageError("with --items, --concurrency takes one value (the concurrency of every items level)");
    return { kind: "items", items, ...(concurrency ? { concurrency: concurrency[0] } : {}) };
  }
  if ((concurrency === undefined) === (rates === undefined)) {
    throw new UsageError("give the load as --concurrency 1,16,64 (closed loop) or --rate 5,10 (open loop), one of the two");
  }
  if (concurrency) {
    for (const f of ["arrival", "burstiness", "max-concurrency"]) if (v[f] !== undefined) throw new UsageError(`--${f} applies to --rate (open loop) only`);
    return { kind: "closed", concurrency };
  }
  const maxConcurrency = num(v, "max-concurrency");
  const burstiness = num(v, "burstiness");
  return {
    kind: "open",
    rates: rates as number[],
    arrival: (str(v, "arrival") ?? (burstiness !== undefined ? "gamma" : "poisson")) as "poisson",
    ...(burstiness !== undefined ? { burstiness } : {}),
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

/** The ad hoc benchmark: the cell's request on --a (and --b) under the load the flags describe. */
export function draftFromFlags(v: BenchValues, request: RequestSnapshot, backends: BenchBackend[], parityFromCell: unknown): BenchmarkDraftInput {
  const requests = num(v, "requests");
  const seconds = num(v, "seconds");
  if (requests === undefined && seconds === undefined) throw new UsageError("give --requests N (per level) or --seconds S (per level)");
  const parityText = str(v, "parity");
  const parity = parityText === undefined ? parityFromCell : parityText === "off" ? null : parseRule(parityText);
  const profileLevels = list(v, "profile-levels");
  const timeout = num(v, "timeout-s");
  return {
    name: str(v, "name") ?? `ad hoc ${request.kind} benchmark`,
    requests: [request],
    backends,
    load: loadFlags(v),
    ...defined({
      requestsPerLevel: requests,
      secondsPerLevel: seconds,
      warmup: num(v, "warmup"),
      trials: num(v, "trials"),
      seed: num(v, "seed"),
      telemetryIntervalMs: num(v, "telemetry-ms"),
    }),
    schedule: v["concurrent-backends"] ? "concurrent" : "sequential",
    ...defined({ logprobs: str(v, "logprobs") as LogprobsMode | undefined }), // the schema refuses other words, naming --logprobs
    ...(v["ignore-eos"] ? { ignoreEos: true } : {}),
    slo: defined({ ttftMs: num(v, "slo-ttft-ms"), tpotMs: num(v, "slo-tpot-ms"), e2eMs: num(v, "slo-e2e-ms") }),
    gates: {
      thresholds: defined({
        throughputDropPct: num(v, "max-throughput-drop-pct"),
        p95IncreasePct: num(v, "max-p95-increase-pct"),
        errorRateIncreasePts: num(v, "max-error-rate-increase-pts"),
      }),
      ...defined({ latency: str(v, "gate-latency") as "e2e" | undefined }),
      ...(parity !== undefined ? { parity: parity as null } : {}),
    },
    ...(timeout !== undefined ? { stop: { requestTimeoutS: timeout } } : {}),
    ...(profileLevels ? { profile: defined({ levels: profileLevels, numSteps: num(v, "profile-steps") }) as { levels: number[] } } : {}),
  };
}

/** The flag that set each field of an ad hoc draft (longest prefix first where they nest). */
const FLAG_OF_FIELD: ReadonlyArray<[string, string]> = [
  ["load.concurrency", "--concurrency"],
  ["load.rates", "--rate"],
  ["load.items", "--items"],
  ["load.arrival", "--arrival"],
  ["load.burstiness", "--burstiness"],
  ["load.maxConcurrency", "--max-concurrency"],
  ["requestsPerLevel", "--requests"],
  ["secondsPerLevel", "--seconds"],
  ["warmup", "--warmup"],
  ["trials", "--trials"],
  ["seed", "--seed"],
  ["telemetryIntervalMs", "--telemetry-ms"],
  ["logprobs", "--logprobs"],
  ["ignoreEos", "--ignore-eos"],
  ["slo.ttftMs", "--slo-ttft-ms"],
  ["slo.tpotMs", "--slo-tpot-ms"],
  ["slo.e2eMs", "--slo-e2e-ms"],
  ["gates.thresholds.throughputDropPct", "--max-throughput-drop-pct"],
  ["gates.thresholds.p95IncreasePct", "--max-p95-increase-pct"],
  ["gates.thresholds.errorRateIncreasePts", "--max-error-rate-increase-pts"],
  ["gates.latency", "--gate-latency"],
  ["gates.parity", "--parity"],
  ["stop.requestTimeoutS", "--timeout-s"],
  ["profile.levels", "--profile-levels"],
  ["profile.numSteps", "--profile-steps"],
  ["backends.0.name", "--a-name"],
  ["backends.1.name", "--b-name"],
  ["backends.0", "--a"],
  ["backends.1", "--b"],
  ["backends", "--a"],
  ["name", "--name"],
];

/**
 * A schema problem of an ad hoc draft in the words of the flag that set the field ("--concurrency: a
 * concurrency level must be ≥ 1"); a problem of the request itself is the cell file's.
 */
export function draftIssueLabel(path: string, cellFile: string): string {
  const flag = FLAG_OF_FIELD.find(([field]) => path === field || path.startsWith(`${field}.`))?.[1];
  return flag ?? (path === "" ? cellFile : `${cellFile}: ${path}`);
}

/** One issue as draftIssueLabel words it (describeSpecError with this label does the same for a whole error). */
export function describeDraftIssue(issue: { path: ReadonlyArray<PropertyKey>; message: string }, cellFile: string): string {
  return `${draftIssueLabel(issue.path.map(String).join("."), cellFile)}: ${issue.message}`;
}

function parseRule(text: string): unknown {
  if (!text.trim().startsWith("{")) return { name: text };
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--parity: not valid JSON: ${text}`);
  }
}

/** A spec backend with its key (from the flag, else the environment variable it names). */
export function configOf(b: BenchBackend, index: number, keyFromFlag: string | null, env: NodeJS.ProcessEnv): BackendConfig {
  let apiKey = keyFromFlag;
  if (apiKey === null && b.apiKeyEnv !== undefined) {
    apiKey = env[b.apiKeyEnv] ?? null;
    if (apiKey === null) throw new UsageError(`backends.${index}.apiKeyEnv: the environment variable ${b.apiKeyEnv} is not set`);
  }
  return { id: b.backendId ?? `cli-${index}`, name: b.name, dialect: b.dialect, baseUrl: b.baseUrl, model: b.model, apiKey, source: "user" };
}
