import { parseArgs } from "node:util";
import { ParityRule, type ParityRuleInput } from "../../lib/schemas/parity";
import { describeIssue, parseCellFile } from "../../lib/schemas/notebookFile";
import { runCell } from "../cells";
import { cellReport, cellTable } from "./cellReport";
import { BACKEND_FLAG_OPTIONS, backendFromUrlFlags, UsageError } from "./backendFlags";
import { readJsonFile } from "./readFile";

const USAGE = `usage: npm run studio -- cell run <cell.json> --a <url> --a-dialect <sglang|sglang-jax> --b <url> --b-dialect <…>
         [--a-model m] [--b-model m] [--a-api-key k] [--b-api-key k] [--rule <name or JSON>] [--timeout-ms N] [--json]

Runs one score or generate cell on backends A and B at the same moment and compares them.
The cell file is {"format":"sglang-studio.cell","version":1,"cell":{…}} or a bare cell object.
Exit status: 0 the verdict passes, 1 it does not, 2 an error (bad file or arguments, a backend failed).
`;



function ruleFrom(text: string): ParityRuleInput {
  let value: unknown = { name: text };
  if (text.trim().startsWith("{")) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`--rule: not valid JSON: ${text}`);
    }
  }
  const r = ParityRule.safeParse(value);
  if (!r.success) throw new UsageError(`--rule: ${describeIssue(r.error, "rule")}`);
  return r.data;
}

function readCell(path: string) {
  const read = readJsonFile(path);
  if (!read.ok) throw new UsageError(read.message);
  const cell = parseCellFile(read.value);
  if (!cell.ok) throw new UsageError(`${path}: ${cell.message}`);
  if (cell.cell.kind === "markdown") throw new UsageError(`${path}: kind: markdown cells do not run; give a score or generate cell`);
  return cell.cell;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...BACKEND_FLAG_OPTIONS,
      rule: { type: "string" },
      "timeout-ms": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== "run") throw new UsageError(sub ? `unknown subcommand "${sub}"; use \`cell run <cell.json> …\`` : "missing subcommand; use `cell run <cell.json> …`");
  if (!file) throw new UsageError("missing the cell file: `cell run <cell.json> …`");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const timeoutText = values["timeout-ms"];
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1)) throw new UsageError(`--timeout-ms must be a positive integer (got ${timeoutText})`);

  const backends = { a: backendFromUrlFlags("a", values), b: backendFromUrlFlags("b", values) };
  const rule = values.rule === undefined ? undefined : ruleFrom(values.rule);
  const cell = readCell(file);
  const cellWithRule = rule ? { ...cell, rule } : cell;

  const result = await runCell(cellWithRule, backends, { timeoutMs });
  process.stdout.write(values.json ? `${JSON.stringify(cellReport(result), null, 2)}\n` : cellTable(result));
  if (result.status !== "ok") {
    const why = result.error?.message ?? [result.a, result.b].filter((s) => !s.ok).map((s) => `${s.side.toUpperCase()}: ${s.error?.message ?? "failed"}`).join("; ");
    process.stderr.write(`studio cell: ${why}\n`);
    return 2;
  }
  return result.verdict?.status === "pass" ? 0 : 1;
}

/** `studio cell run …`: exit 0 pass, 1 fail, 2 error (message on stderr, one line). */
export default async function cell(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`studio cell: ${err.message}${err instanceof TypeError ? " (see: cell --help)" : ""}\n`);
      return 2;
    }
    throw err;
  }
}
