import { parseArgs, type ParseArgsConfig } from "node:util";
import { TRPCError } from "@trpc/server";
import { loadEnv, type Env } from "../env";
import { exportNotebook, importNotebook, readNotebookFile, serializeNotebookFile } from "../notebooks/files";
import { closeServices, createServices, type Services } from "../services";
import { cellLine, NotebookCliError, runNotebook, summaryLine } from "./notebookRun";

const USAGE = `usage: npm run studio -- notebook <command> …

  import <file>                 create a notebook from a notebook file; prints the new id
  export <id> [--outputs]       print the notebook as a file (with its latest outputs) on stdout
  share <id>                    create a read-only share link; prints its URL
  run <id|file> [--json]        run every cell on two backends, store the outputs (for an id),
      [--a <backend>] [--b <backend>]
                                print a summary (or a JSON report)

Backends for run: --a/--b name a configured backend (name or id) or give a URL with --a-dialect
<sglang|sglang-jax> [--a-model m] [--a-api-key k] (same for b); otherwise the notebook's own choice,
else the first two backends configured. Uses the studio's data folder (STUDIO_DATA_DIR).
Exit status of run: 0 every verdict passes, 1 a verdict does not, 2 an error (a cell could not be
compared, a bad file or argument).
`;

type Values = Record<string, string | boolean | undefined>;
const BACKEND_FLAGS = ["a", "b", "a-dialect", "b-dialect", "a-model", "b-model", "a-api-key", "b-api-key"] as const;
const OPTIONS = {
  outputs: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  ...Object.fromEntries(BACKEND_FLAGS.map((k) => [k, { type: "string" }])),
} satisfies ParseArgsConfig["options"];

function shareUrl(env: Env, id: string): string {
  const base = env.STUDIO_PUBLIC_URL?.replace(/\/+$/, "") ?? `http://localhost:${env.PORT}`;
  return `${base}/s/${id}`;
}

function one(args: string[], what: string): string {
  const [first, ...extra] = args;
  if (!first) throw new NotebookCliError(`missing ${what}`);
  if (extra.length > 0) throw new NotebookCliError(`unexpected argument "${extra[0]}"`);
  return first;
}

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);

async function dispatch(s: Services, sub: string, args: string[], values: Values): Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  switch (sub) {
    case "import": {
      const file = one(args, "the file: `notebook import <file>`");
      const parsed = readNotebookFile(file);
      if (!parsed.ok) throw new NotebookCliError(`${file}: ${parsed.message}`);
      const nb = await importNotebook(s, parsed.file);
      process.stderr.write(`imported "${nb.title}": ${nb.doc.cells.length} cells, ${nb.outputs} outputs\n`);
      out(`${nb.id}\n`);
      return 0;
    }
    case "export": {
      const id = one(args, "the notebook id: `notebook export <id> [--outputs]`");
      out(serializeNotebookFile(await exportNotebook(s, id, { outputs: values.outputs === true })));
      return 0;
    }
    case "share": {
      const share = await s.shares.create(one(args, "the notebook id: `notebook share <id>`"));
      out(`${shareUrl(s.env, share.id)}\n`);
      return 0;
    }
    case "run": {
      const ref = one(args, "the notebook: `notebook run <id|file>`");
      const flags = Object.fromEntries(BACKEND_FLAGS.map((k) => [k, str(values[k])]));
      const report = await runNotebook(s, ref, flags, (r, i, n) => {
        if (!values.json) out(cellLine(r, i, n));
      });
      out(values.json ? `${JSON.stringify(report, null, 2)}\n` : summaryLine(report));
      return report.exitCode;
    }
    default:
      throw new NotebookCliError(`unknown command "${sub}"; use import, export, share or run (see: notebook --help)`);
  }
}

/** `studio notebook …`: errors are one line on stderr and exit 2. */
export default async function notebook(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    process.stderr.write(`studio notebook: ${err instanceof Error ? err.message : String(err)} (see: notebook --help)\n`);
    return 2;
  }
  const [sub, ...args] = parsed.positionals;
  if (parsed.values.help || !sub) {
    process.stdout.write(USAGE);
    return sub || parsed.values.help ? 0 : 2;
  }
  let services: Services | null = null;
  try {
    services = await createServices(loadEnv());
    return await dispatch(services, sub, args, parsed.values);
  } catch (err) {
    if (err instanceof NotebookCliError || err instanceof TRPCError) {
      process.stderr.write(`studio notebook: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    if (services) await closeServices(services);
  }
}
