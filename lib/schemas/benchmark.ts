import { z } from "zod";
import { BackendInput } from "./backend";
import { Sampling } from "./cell";
import { Dialect } from "./dialect";
import { ParityRule } from "./parity";
import { GateThresholds, Slo } from "./stats";
import { describeUnknownFields } from "./unknownField";

/**
 * A benchmark (DESIGN.md "Benchmarks"): an immutable snapshot of the exact request(s) a cell sends, the
 * backends, a load profile, warmup, trials, SLOs and gates. Stored in the database as JSON and written
 * to files as `{format: "sglang-studio.benchmark", version: 1, …}`. Every limit's message names the field
 * and says what to change. API keys never appear here: they are resolved on the server by backend id,
 * or by the command line from an environment variable named in `apiKeyEnv`.
 */

export const BENCHMARK_FORMAT = "sglang-studio.benchmark";

export const BENCH_LIMITS = {
  snapshots: 64,
  /** Token ids in one request (query + all items, or the prompt). */
  tokensPerRequest: 262_144,
  levels: 32,
  concurrency: 4096,
  ratePerS: 10_000,
  itemsPerRequest: 10_000,
  requestsPerLevel: 100_000,
  secondsPerLevel: 3600,
  warmup: 1000,
  trials: 20,
  /** Requests over the whole benchmark (levels × requests × trials × backends). */
  totalRequests: 2_000_000,
  /** Planned seconds over the whole benchmark when levels are timed. */
  totalSeconds: 24 * 3600,
  requestTimeoutS: 3600,
  /**
   * Streamed chunks whose times one (backend, level, trial) keeps, and one run keeps: each is stored as a
   * time and a token count, so these bound a series to ~100 MB of JSON and a run file to what JSON.parse
   * can read back. A timed level stops early at its share (and says so).
   */
  chunksPerSeries: 8_000_000,
  chunksPerRun: 32_000_000,
} as const;

const tokenId = z.number().int("a token id must be an integer").min(0, "a token id must be ≥ 0");
const ids = z.array(tokenId);

/** /v1/score in its token-id form (what server/adapters ScoreRequest holds), frozen. */
export const ScoreSnapshot = z.strictObject({
  kind: z.literal("score"),
  query: ids,
  items: z.array(ids.min(1, "an item has no tokens")).min(1, "a score request needs at least one item"),
  labelIds: ids.min(1, "a score request needs at least one label id"),
  applySoftmax: z.boolean().default(true),
  itemFirst: z.boolean().default(false),
});
export type ScoreSnapshot = z.infer<typeof ScoreSnapshot>;

/** A streamed /generate in its token-id form (what server/adapters GenerateRequest holds), frozen. */
export const GenerateSnapshot = z.strictObject({
  kind: z.literal("generate"),
  ids: ids.min(1, "the prompt has no tokens"),
  sampling: Sampling.prefault({}),
  topLogprobs: z.number().int().min(0, "topLogprobs must be ≥ 0").max(20, "topLogprobs must be ≤ 20").default(0),
});
export type GenerateSnapshot = z.infer<typeof GenerateSnapshot>;

export const RequestSnapshot = z.discriminatedUnion("kind", [ScoreSnapshot, GenerateSnapshot], {
  error: 'kind must be "score" or "generate"',
});
export type RequestSnapshot = z.infer<typeof RequestSnapshot>;
export type RequestKind = RequestSnapshot["kind"];

/** Hash of the canonical request snapshot(s): two runs are comparable only when these match. */
export const RequestHash = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'requestHash must look like "sha256:<64 hex digits>"');

/** A backend as a benchmark names it: public fields only. */
export const BenchBackend = z.strictObject({
  name: z.string().trim().min(1, "a backend needs a name").max(80, "a backend name is at most 80 characters"),
  dialect: Dialect,
  baseUrl: BackendInput.shape.baseUrl,
  model: z.string().trim().max(512).nullable().default(null),
  /** Studio's backend id: the server reads the API key from its own store. */
  backendId: z.string().min(1).max(64).optional(),
  /** Command line: the environment variable that holds this backend's API key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "apiKeyEnv must be an environment variable name, e.g. SGLANG_API_KEY")
    .optional(),
  apiKey: z
    .never({ error: "API keys never go in a benchmark; name an environment variable in apiKeyEnv, or use a Studio backend id" })
    .optional(),
});
export type BenchBackend = z.infer<typeof BenchBackend>;

const concurrencyLevel = z
  .number()
  .int("a concurrency level is a whole number of requests")
  .min(1, "a concurrency level must be ≥ 1")
  .max(BENCH_LIMITS.concurrency, `a concurrency level must be ≤ ${BENCH_LIMITS.concurrency}`);

const levelList = <T extends z.ZodType<number>>(level: T, what: string) =>
  z
    .array(level)
    .min(1, `give at least one ${what}`)
    .max(BENCH_LIMITS.levels, `at most ${BENCH_LIMITS.levels} ${what}s; split the benchmark`)
    .refine((xs) => new Set(xs).size === xs.length, `${what}s must not repeat`);

export const ClosedLoad = z.strictObject({
  kind: z.literal("closed"),
  /** Requests kept in flight, one level each. */
  concurrency: levelList(concurrencyLevel, "concurrency level"),
});

export const Arrival = z.enum(["poisson", "gamma", "constant"]);
export type Arrival = z.infer<typeof Arrival>;

export const OpenLoad = z
  .strictObject({
    kind: z.literal("open"),
    /** Requests per second, one level each. */
    rates: levelList(
      z.number().positive("a rate must be > 0 requests/s").max(BENCH_LIMITS.ratePerS, `a rate must be ≤ ${BENCH_LIMITS.ratePerS} requests/s`),
      "rate",
    ),
    arrival: Arrival.default("poisson"),
    /** Gamma shape: 1 is Poisson, below 1 burstier, above 1 more regular (vLLM's --burstiness). */
    burstiness: z.number().positive("burstiness must be > 0").max(1000, "burstiness must be ≤ 1000").default(1),
    /** Optional cap on requests in flight: arrivals wait for a slot (vLLM's --max-concurrency). */
    maxConcurrency: concurrencyLevel.optional(),
  })
  .refine((l) => l.arrival === "gamma" || l.burstiness === 1, {
    path: ["burstiness"],
    message: 'burstiness applies to gamma arrivals only; set arrival to "gamma" or remove burstiness',
  });

/** Items per score request, one level each (1, 10, 100…), at a fixed concurrency. */
export const ItemsLoad = z.strictObject({
  kind: z.literal("items"),
  items: levelList(
    z.number().int().min(1, "items per request must be ≥ 1").max(BENCH_LIMITS.itemsPerRequest, `items per request must be ≤ ${BENCH_LIMITS.itemsPerRequest}`),
    "items level",
  ),
  concurrency: concurrencyLevel.default(1),
});

export const LoadProfile = z.discriminatedUnion("kind", [ClosedLoad, OpenLoad, ItemsLoad], {
  error: 'kind must be "closed" (concurrency levels), "open" (request rates) or "items" (items per score request)',
});
export type LoadProfile = z.infer<typeof LoadProfile>;

export const Schedule = z.enum(["sequential", "concurrent"]);

/**
 * Which generate requests ask for logprobs. "all": every request, as the cell sends it; parity judges the
 * first answer of each snapshot at each level (trial 1), under load. "parity-only": no timed request asks
 * for them, as bench_serving and vllm bench serve send requests, so the server's logprob work and the
 * longer stream stay out of the timings; parity judges a probe sent after each level (one request per
 * snapshot with the cell's logprobs, not timed, not counted, not under load), and only when it judges.
 */
export const LogprobsMode = z.enum(["all", "parity-only"], { error: 'logprobs must be "all" or "parity-only"' });
export type LogprobsMode = z.infer<typeof LogprobsMode>;

export const Gates = z.strictObject({
  thresholds: GateThresholds.prefault({}),
  /** Latency the p95 gate reads: e2e (send → last byte) or ttft (streams only). */
  latency: z.enum(["e2e", "ttft"]).default("e2e"),
  /** Parity on the benchmark's own responses; null turns it off. Default by request kind. */
  parity: ParityRule.nullable().optional(),
});
export type Gates = z.infer<typeof Gates>;

export const StopRules = z.strictObject({
  /** Stop when this fraction of a backend's requests at a level have failed… */
  maxErrorRate: z.number().min(0).max(1, "maxErrorRate is a fraction in [0, 1]").default(0.5),
  /** …once at least this many have finished. */
  minRequests: z.number().int().min(1).max(100_000).default(10),
  /** Stop after this many failures in a row, whatever the rate. */
  maxConsecutiveErrors: z.number().int().min(1).max(100_000).default(20),
  requestTimeoutS: z.number().positive().max(BENCH_LIMITS.requestTimeoutS, `requestTimeoutS must be ≤ ${BENCH_LIMITS.requestTimeoutS}`).default(60),
});
export type StopRules = z.infer<typeof StopRules>;

export const ProfileOptions = z.strictObject({
  /** Levels to bracket with /start_profile … /stop_profile. */
  levels: z.array(z.number().positive()).min(1, "profile.levels: name at least one level to profile"),
  /** The server stops by itself after this many forward steps. */
  numSteps: z.number().int().min(1).max(100_000).optional(),
  /** Where the backend writes its trace; default a fresh folder under the system temp folder. */
  outputDir: z.string().min(1).max(1024).optional(),
});
export type ProfileOptions = z.infer<typeof ProfileOptions>;

const BenchmarkFields = z.strictObject({
  name: z.string().trim().min(1, "the benchmark needs a name").max(200, "name is at most 200 characters"),
  requests: z
    .array(RequestSnapshot)
    .min(1, "a benchmark needs at least one request snapshot")
    .max(BENCH_LIMITS.snapshots, `at most ${BENCH_LIMITS.snapshots} request snapshots`),
  backends: z.array(BenchBackend).min(1, "give at least one backend").max(2, "a benchmark compares at most two backends"),
  load: LoadProfile,
  /** Measured requests per backend, level and trial… */
  requestsPerLevel: z
    .number()
    .int()
    .min(1, "requestsPerLevel must be ≥ 1")
    .max(BENCH_LIMITS.requestsPerLevel, `requestsPerLevel must be ≤ ${BENCH_LIMITS.requestsPerLevel}`)
    .optional(),
  /** …or seconds of load per backend, level and trial. */
  secondsPerLevel: z
    .number()
    .positive("secondsPerLevel must be > 0")
    .max(BENCH_LIMITS.secondsPerLevel, `secondsPerLevel must be ≤ ${BENCH_LIMITS.secondsPerLevel}`)
    .optional(),
  /** Requests per backend before measuring (per trial), sent at the first level's concurrency and kept apart. */
  warmup: z.number().int().min(0, "warmup must be ≥ 0").max(BENCH_LIMITS.warmup, `warmup must be ≤ ${BENCH_LIMITS.warmup}`).default(1),
  trials: z.number().int().min(1, "trials must be ≥ 1").max(BENCH_LIMITS.trials, `trials must be ≤ ${BENCH_LIMITS.trials}`).default(1),
  /** One backend after the other at each level (default), or both at the same time. */
  schedule: Schedule.default("sequential"),
  logprobs: LogprobsMode.default("all"),
  /**
   * Run every generate request to maxNewTokens (sampling_params.ignore_eos), as bench_serving does by
   * default: A and B then generate the same number of tokens, so their speeds compare the same work.
   */
  ignoreEos: z.boolean().default(false),
  slo: Slo.default({}),
  gates: Gates.prefault({}),
  stop: StopRules.prefault({}),
  profile: ProfileOptions.optional(),
  /** Telemetry sampling period; 0 turns it off. */
  telemetryIntervalMs: z.number().int().min(0).max(60_000).default(1000),
  /** Seeds arrivals and bootstrap intervals: same seed, same schedule and intervals. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
});

type Fields = z.infer<typeof BenchmarkFields>;

/** Everything but the requests and backends: what a form sets when a cell is promoted to a benchmark. */
export const BenchmarkSettings = BenchmarkFields.omit({ requests: true, backends: true });
export type BenchmarkSettingsInput = z.input<typeof BenchmarkSettings>;

/** Streamed chunks one request may store: a generate streams up to one per new token; a score answer is one body. */
export function chunksPerRequest(r: RequestSnapshot): number {
  return r.kind === "generate" ? r.sampling.maxNewTokens : 0;
}

function tokensOf(r: RequestSnapshot): number {
  return r.kind === "score" ? r.query.length + r.items.reduce((s, i) => s + i.length, 0) : r.ids.length;
}

/** Checks that need several fields at once; each issue names the field to change. */
function checkWhole(b: Fields, ctx: z.RefinementCtx): void {
  const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if ((b.requestsPerLevel === undefined) === (b.secondsPerLevel === undefined)) {
    add(["requestsPerLevel"], "give either requestsPerLevel or secondsPerLevel (one of them, not both)");
  }
  const kinds = new Set(b.requests.map((r) => r.kind));
  if (kinds.size > 1) add(["requests"], "all request snapshots must be of one kind (score or generate)");
  b.requests.forEach((r, i) => {
    const n = tokensOf(r);
    if (n > BENCH_LIMITS.tokensPerRequest) add(["requests", i], `this request holds ${n} tokens; the limit is ${BENCH_LIMITS.tokensPerRequest}`);
  });
  if (b.load.kind === "items") {
    if (!kinds.has("score")) add(["load", "kind"], "an items sweep needs score requests");
    const top = Math.max(...b.load.items);
    b.requests.forEach((r, i) => {
      if (r.kind !== "score") return;
      const longest = Math.max(...r.items.map((it) => it.length));
      const n = r.query.length + top * longest;
      if (n > BENCH_LIMITS.tokensPerRequest) {
        add(["load", "items"], `${top} items of request ${i} would hold up to ${n} tokens; the limit is ${BENCH_LIMITS.tokensPerRequest}`);
      }
    });
  }
  if (b.gates.latency === "ttft" && !kinds.has("generate")) add(["gates", "latency"], "ttft exists only for streamed (generate) requests; use e2e");
  if (b.logprobs === "parity-only" && !kinds.has("generate")) add(["logprobs"], 'score requests ask for no logprobs; "parity-only" applies to generate requests');
  if (b.ignoreEos && !kinds.has("generate")) add(["ignoreEos"], "score requests generate nothing; ignoreEos applies to generate requests");
  const names = b.backends.map((x) => x.name);
  b.backends.forEach((x, i) => {
    if (names.indexOf(x.name) !== i) add(["backends", i, "name"], `two backends are named "${x.name}"; names must differ`);
  });
  const levels = levelsOf(b.load).length;
  const runs = levels * b.trials * b.backends.length;
  if (b.requestsPerLevel !== undefined) {
    const total = runs * b.requestsPerLevel + b.trials * b.backends.length * b.warmup;
    if (total > BENCH_LIMITS.totalRequests) {
      add(["requestsPerLevel"], `this benchmark would send ${total} requests (levels × requestsPerLevel × trials × backends + warmup); the limit is ${BENCH_LIMITS.totalRequests}`);
    }
  }
  if (b.secondsPerLevel !== undefined) {
    const parallel = b.schedule === "concurrent" ? b.backends.length : 1;
    const seconds = (runs / parallel) * b.secondsPerLevel;
    if (seconds > BENCH_LIMITS.totalSeconds) {
      add(["secondsPerLevel"], `this benchmark would run for ${Math.round(seconds)} s; the limit is ${BENCH_LIMITS.totalSeconds} s (24 h)`);
    }
  }
  if (b.profile) {
    const known = new Set(levelsOf(b.load));
    b.profile.levels.forEach((l, i) => {
      if (!known.has(l)) add(["profile", "levels", i], `level ${l} is not one of the load profile's levels (${[...known].join(", ")})`);
    });
  }
}

/**
 * SLOs a score benchmark cannot meet: score answers are one JSON document, with no first token and no
 * per-token time, so a TTFT or TPOT SLO would fail every request and goodput would read 0. New benchmarks
 * only (a stored spec stays readable).
 */
function checkSlo(b: Fields, ctx: z.RefinementCtx): void {
  if (b.requests.some((r) => r.kind === "generate")) return;
  for (const key of ["ttftMs", "tpotMs"] as const) {
    if (b.slo[key] !== undefined) ctx.addIssue({ code: "custom", path: ["slo", key], message: `${key === "ttftMs" ? "TTFT" : "TPOT"} exists only for streamed (generate) requests; a score benchmark's SLO can use e2eMs` });
  }
}

/**
 * What a new benchmark may store: the most streamed chunks a counted level (requestsPerLevel × maxNewTokens)
 * and the whole run may keep. Checked on drafts and files only — never on specs read back from the
 * database, which were valid when stored and must stay readable if a limit tightens.
 */
function checkStorage(b: Fields, ctx: z.RefinementCtx): void {
  if (b.requestsPerLevel === undefined) return; // timed levels stop at the budget as they run
  const runs = levelsOf(b.load).length * b.trials * b.backends.length;
  if (runs * b.requestsPerLevel + b.trials * b.backends.length * b.warmup > BENCH_LIMITS.totalRequests) return; // said already
  const add = (message: string) => ctx.addIssue({ code: "custom", path: ["requestsPerLevel"], message });
  const chunks = Math.max(...b.requests.map(chunksPerRequest));
  if (chunks > 0) {
    const perSeries = b.requestsPerLevel * chunks;
    const perRun = perSeries * runs;
    if (perSeries > BENCH_LIMITS.chunksPerSeries) {
      add(`each level would store up to ${perSeries} streamed chunks (requestsPerLevel × maxNewTokens); the limit is ${BENCH_LIMITS.chunksPerSeries}: send fewer requests or fewer new tokens`);
    } else if (perRun > BENCH_LIMITS.chunksPerRun) {
      add(`this benchmark would store up to ${perRun} streamed chunks (levels × requestsPerLevel × maxNewTokens × trials × backends); the limit is ${BENCH_LIMITS.chunksPerRun}`);
    }
  }
}

/** What a benchmark is made of, as stored: the request hash is computed by the server (server/bench/requestHash). */
export const BenchmarkSpec = BenchmarkFields.extend({ requestHash: RequestHash }).superRefine(checkWhole);
export type BenchmarkSpec = z.infer<typeof BenchmarkSpec>;
export type BenchmarkSpecInput = z.input<typeof BenchmarkSpec>;

/** A spec before the server has hashed its requests. */
export const BenchmarkDraft = BenchmarkFields.extend({ requestHash: RequestHash.optional() }).superRefine(checkWhole).superRefine(checkStorage).superRefine(checkSlo);
export type BenchmarkDraft = z.infer<typeof BenchmarkDraft>;
export type BenchmarkDraftInput = z.input<typeof BenchmarkDraft>;

/** The benchmark file: a draft with its format tag (requestHash, when present, is checked on load). */
export const BenchmarkFile = BenchmarkFields.extend({
  format: z.literal(BENCHMARK_FORMAT, { error: `format must be "${BENCHMARK_FORMAT}"` }),
  version: z.literal(1, { error: "version must be 1 (the only benchmark file version so far)" }),
  requestHash: RequestHash.optional(),
}).superRefine(checkWhole).superRefine(checkStorage).superRefine(checkSlo);
export type BenchmarkFile = z.infer<typeof BenchmarkFile>;

/** The load levels in the order they run: concurrency, rate (requests/s) or items per request. */
export function levelsOf(load: LoadProfile): number[] {
  switch (load.kind) {
    case "closed":
      return load.concurrency;
    case "open":
      return load.rates;
    case "items":
      return load.items;
  }
}

/** Words for a level's number, e.g. "concurrency 16", "5 req/s", "100 items". */
export function levelLabel(load: LoadProfile, level: number): string {
  switch (load.kind) {
    case "closed":
      return `concurrency ${level}`;
    case "open":
      return `${level} req/s`;
    case "items":
      return `${level} items`;
  }
}

/** Every field name a benchmark file may hold, at any depth: what a misspelled one is matched against. */
const KNOWN_FIELDS = [
  ...new Set(
    [ScoreSnapshot, GenerateSnapshot, Sampling, BenchBackend, ClosedLoad, OpenLoad, ItemsLoad, Gates, GateThresholds, Slo, StopRules, ProfileOptions, BenchmarkFields]
      .flatMap((o) => Object.keys(o.shape))
      .concat(["format", "version", "requestHash"], ParityRule.options.flatMap((o) => Object.keys(o.shape))),
  ),
];

/** "load.concurrency.2: a concurrency level must be ≤ 4096" — the first problems, each with its field. */
/** `label` names where a problem is, from its field path (default: the path itself; "" for none). */
export function describeSpecError(error: z.ZodError, label: (path: string) => string = (path) => path): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = label(issue.path.map(String).join("."));
      const message = issue.code === "unrecognized_keys" ? describeUnknownFields(issue.keys, KNOWN_FIELDS) : issue.message;
      return where === "" ? message : `${where}: ${message}`;
    })
    .join("; ");
}
