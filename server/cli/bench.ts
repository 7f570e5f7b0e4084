import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { z } from "zod";
import type { BackendConfig } from "../../lib/schemas/backend";
import { BenchmarkDraft, BenchmarkFile, describeSpecError, RequestSnapshot, type BenchmarkSpec } from "../../lib/schemas/benchmark";
import type { RunResult } from "../../lib/schemas/benchmarkRun";
import { parseCellFile } from "../../lib/schemas/notebookFile";
import { snapshotFromCell } from "../bench/cellSnapshot";
import { runInMemory } from "../bench/execute";
import { sealSpec } from "../bench/requestHash";
import { checkBaseline, parseRunFile, seriesCsv } from "../bench/runFile";
import { onStopSignals } from "../stopSignals";
import { readStudioVersion } from "../version";
import { benchReport, benchTable, progressLine, type WrittenFiles } from "./benchReport";
import { backendFlags, BENCH_OPTIONS, configOf, draftFromFlags, draftIssueLabel, UsageError, type BenchValues } from "./benchArgs";
import { readJsonFile } from "./readFile";

const USAGE = `usage: npm run studio -- bench run <benchmark.json> [--baseline <run.json>] [--out <dir>] [--json]
       npm run studio -- bench report <run.json> … | bench import <file> …   (see their --help)
       npm run studio -- bench run --cell <cell.json> --a <url> --a-dialect <d> [--b <url> --b-dialect <d>]
            (--concurrency 1,16,64 | --rate 5,10 [--arrival poisson|gamma|constant] [--burstiness X] [--max-concurrency N]
             | --items 1,10,100 [--concurrency N])
            (--requests N | --seconds S) [--warmup N] [--trials N] [--seed N] [--concurrent-backends]
            [--slo-ttft-ms X] [--slo-tpot-ms X] [--slo-e2e-ms X] [--max-p95-increase-pct X] [--max-throughput-drop-pct X]
            [--max-error-rate-increase-pts X] [--gate-latency e2e|ttft] [--parity <rule|JSON|off>] [--timeout-s X]
            [--profile-levels 16,64 [--profile-steps N]] [--telemetry-ms N] [--logprobs all|parity-only] [--ignore-eos] [--name X]
            [--a-model m] [--a-name n] [--a-api-key k | --a-api-key-env VAR] (same for b)
            [--baseline <run.json>] [--out <dir>] [--json]

Measures the cell's exact request (or the benchmark file's) on backend A (and B) under load, and gates B
against A — or each backend against --baseline, a run file of the same request.
--logprobs parity-only: timed generate requests ask for no logprobs (as bench_serving sends them); parity
judges one request per snapshot with logprobs, sent after each level and not timed. The default, all,
sends every request as the cell does. --ignore-eos runs every generate request to its max new tokens
(bench_serving's default), so both backends generate the same work.
The cell file is a cell ({"format":"sglang-studio.cell",…} or bare), tokenized once on the backends,
or a request snapshot in token ids ({"kind":"score","query":[…],"items":[[…]],"labelIds":[…]}).
--out <dir> writes run.json (usable as a later --baseline) and requests.csv.
Exit status: 0 every gate passes, 1 a gate failed, 2 an error (message on stderr, one line).
`;

function readJson(file: string): unknown {
  const read = readJsonFile(file);
  if (!read.ok) throw new UsageError(read.message);
  return read.value;
}

/** `describe` words the schema's problems; by default they are the file's. */
function seal(file: string, draft: unknown, describe = (e: z.ZodError) => `${file}: ${describeSpecError(e)}`): BenchmarkSpec {
  const parsed = BenchmarkDraft.safeParse(draft);
  if (!parsed.success) throw new UsageError(describe(parsed.error));
  const sealed = sealSpec(parsed.data);
  if (!sealed.ok) throw new UsageError(`${file}: ${sealed.message}`);
  return sealed.spec;
}

/** What a run of a benchmark file may be given besides the file: the rest is the file's to say. */
const FILE_RUN_FLAGS = new Set(["baseline", "out", "json", "help", "a-api-key", "b-api-key"]);

/** A benchmark file: its backends' keys come from --a-api-key/--b-api-key or the variables named in apiKeyEnv. */
function fromBenchmarkFile(file: string, v: BenchValues): { spec: BenchmarkSpec; configs: BackendConfig[] } {
  // A flag the file run would ignore is refused: `--a <other url>` or `--concurrency 64` must not run the file's own load silently.
  const ignored = Object.entries(v).find(([k, x]) => !FILE_RUN_FLAGS.has(k) && x !== undefined && x !== false);
  if (ignored) throw new UsageError(`--${ignored[0]} applies to --cell runs; ${file} sets its own backends, load and gates (edit the file, or run its cell with --cell)`);
  const json = readJson(file);
  const parsed = BenchmarkFile.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${describeSpecError(parsed.error)}`);
  const { format: _format, version: _version, ...draft } = parsed.data;
  const spec = seal(file, draft);
  const keys = [v["a-api-key"], v["b-api-key"]].map((k) => (typeof k === "string" ? k : null));
  if (keys[1] !== null && spec.backends.length < 2) throw new UsageError(`--b-api-key: ${file} has one backend`);
  return { spec, configs: spec.backends.map((b, i) => configOf(b, i, keys[i] ?? null, process.env)) };
}

async function fromCellFlags(cellFile: string, v: BenchValues): Promise<{ spec: BenchmarkSpec; configs: BackendConfig[] }> {
  const sides = [backendFlags("a", v), backendFlags("b", v)].filter((x): x is NonNullable<typeof x> => x !== null);
  const configs = sides.map((s, i) => configOf(s.spec, i, s.apiKey, process.env));
  const json = readJson(cellFile);
  let request: RequestSnapshot;
  let parity: unknown;
  const looksLikeSnapshot = typeof json === "object" && json !== null && "kind" in json && (Array.isArray((json as { query?: unknown }).query) || Array.isArray((json as { ids?: unknown }).ids));
  if (looksLikeSnapshot) {
    const r = RequestSnapshot.safeParse(json);
    if (!r.success) throw new UsageError(`${cellFile}: ${describeSpecError(r.error)}`);
    request = r.data;
  } else {
    const cell = parseCellFile(json);
    if (!cell.ok) throw new UsageError(`${cellFile}: ${cell.message}`);
    if (cell.cell.kind === "markdown") throw new UsageError(`${cellFile}: kind: markdown cells send no request; give a score or generate cell`);
    const a = configs[0] as BackendConfig;
    const snap = await snapshotFromCell(cell.cell, { a, b: configs[1] ?? a }, 60_000);
    if (!snap.ok) throw new UsageError(`${cellFile}: ${snap.message}`);
    request = snap.snapshot;
    parity = snap.rule;
  }
  const byFlag = (e: z.ZodError) => describeSpecError(e, (p) => draftIssueLabel(p, cellFile));
  return { spec: seal(cellFile, draftFromFlags(v, request, sides.map((s) => s.spec), parity), byFlag), configs };
}

function readBaseline(file: string, spec: BenchmarkSpec): RunResult {
  const parsed = parseRunFile(readJson(file));
  if (!parsed.ok) throw new UsageError(`--baseline ${file}: ${parsed.message}`);
  const ok = checkBaseline(spec, parsed.run);
  if (!ok.ok) throw new UsageError(`--baseline ${file}: ${ok.message}`);
  return parsed.run;
}

/** --out is made and checked before any load: a folder that cannot be written must not cost a whole run. */
function prepareOut(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new UsageError(`--out ${dir}: cannot write there (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function writeOut(dir: string, run: RunResult): WrittenFiles {
  fs.mkdirSync(dir, { recursive: true });
  const files = { run: path.join(dir, "run.json"), csv: path.join(dir, "requests.csv") };
  fs.writeFileSync(files.run, `${JSON.stringify(run)}\n`);
  fs.writeFileSync(files.csv, seriesCsv(run.series));
  return files;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: BENCH_OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== "run") throw new UsageError(sub ? `unknown subcommand "${sub}"; use \`bench run …\`, \`bench report …\` or \`bench import …\`` : "missing subcommand; use `bench run <benchmark.json>` or `bench run --cell <cell.json> …`");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const cellFile = values.cell;
  if (file !== undefined && cellFile !== undefined) throw new UsageError("give a benchmark file or --cell <cell.json>, not both");
  if (file === undefined && cellFile === undefined) throw new UsageError("give a benchmark file (`bench run <benchmark.json>`) or --cell <cell.json> with --a/--b and a load");
  const { spec, configs } = file !== undefined ? fromBenchmarkFile(file, values) : await fromCellFlags(cellFile as string, values);
  const baseline = values.baseline !== undefined ? readBaseline(values.baseline, spec) : null;

  const outDir = values.out;
  if (outDir !== undefined) prepareOut(outDir);
  // Ctrl-C (and a CI job's SIGTERM) cancels: what was measured is still written and printed. The handlers
  // stay until the run is written, so a relayed copy of the signal does not kill it (server/stopSignals).
  const cancel = new AbortController();
  const offSignals = onStopSignals(
    () => {
      process.stderr.write("studio bench: cancelling; the requests measured so far are kept (Ctrl-C again to stop at once)\n");
      cancel.abort();
    },
    (signal) => {
      process.stderr.write("studio bench: stopped at once; nothing written\n");
      process.exit(signal === "SIGINT" ? 130 : 143);
    },
  );
  const interactive = process.stderr.isTTY === true;
  let result: RunResult;
  try {
    result = await runInMemory({
      spec,
      backends: spec.backends.map((b, i) => ({ name: b.name, config: configs[i] as BackendConfig })),
      signal: cancel.signal,
      version: readStudioVersion(),
      baseline,
      attachDir: outDir !== undefined ? path.join(outDir, "profiles") : null,
      publish: (p) => {
        if (interactive && p.type === "level" && p.finished) process.stderr.write(`${progressLine(p)}\n`);
      },
    });
  } finally {
    offSignals();
  }
  let files: WrittenFiles | null = null;
  let writeError: string | null = null;
  try {
    files = outDir !== undefined ? writeOut(outDir, result) : null;
  } catch (err) {
    writeError = `--out ${outDir}: the run's files could not be written (${(err as NodeJS.ErrnoException).code ?? String(err)}); its report is below`;
  }
  process.stdout.write(values.json ? `${JSON.stringify(benchReport(result, files), null, 2)}\n` : benchTable(result, files));
  if (writeError !== null) {
    process.stderr.write(`studio bench: ${writeError}\n`);
    return 2;
  }
  if (result.status !== "done") {
    process.stderr.write(`studio bench: run ${result.status}: ${result.reason ?? "no reason recorded"}\n`);
    return 2;
  }
  return result.pass ? 0 : 1;
}

/** Other `bench` subcommands, each in its own module (loaded on demand). */
const SUBCOMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  report: async () => (await import("./benchReportCommand")).benchReportCommand,
  import: async () => (await import("./benchImportCommand")).benchImportCommand,
};

/** `studio bench run …`: exit 0 pass, 1 a gate failed, 2 an error (one line on stderr). */
export default async function bench(argv: string[]): Promise<number> {
  const other = argv[0] !== undefined ? SUBCOMMANDS[argv[0]] : undefined;
  if (other) return (await other())(argv.slice(1));
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`studio bench: ${err.message.replace(/\s*\n\s*/g, " ")}${err instanceof TypeError ? " (see: bench --help)" : ""}\n`);
      return 2;
    }
    throw err;
  }
}
