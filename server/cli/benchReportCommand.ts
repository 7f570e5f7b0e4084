import { parseArgs } from "node:util";
import { parseHTML } from "linkedom";
import type { RunResult } from "../../lib/schemas/benchmarkRun";
import { compareToBaseline } from "../../lib/report/baseline";
import { runHtml } from "../../lib/report/html";
import { runMarkdown } from "../../lib/report/markdown";
import { parseRunFile, seriesCsv } from "../bench/runFile";
import { readStudioVersion } from "../version";
import { readJsonFile } from "./readFile";

/**
 * `studio bench report <run.json> [--baseline <run.json>] --html|--md|--csv`: a run file (from `bench run
 * --out`, or a download) as a self-contained HTML report, a markdown summary or per-request CSV, on
 * stdout — for CI artifacts. A baseline of a different request is refused (exit 2) with the reason.
 */

export const REPORT_USAGE = `usage: npm run studio -- bench report <run.json> [--baseline <run.json>] (--html | --md | --csv)

Writes the run as a self-contained HTML report (inline SVG charts and data, no external assets),
a markdown summary, or one CSV row per request, on stdout. With --baseline, the run is judged
against that run (same request only) with the benchmark's gates.
Exit status: 0 written, 2 an error (message on stderr).
`;

class ReportError extends Error {}

function readRun(file: string, what: string): RunResult {
  const read = readJsonFile(file);
  if (!read.ok) throw new ReportError(`${what} ${read.message}`);
  const parsed = parseRunFile(read.value);
  if (!parsed.ok) throw new ReportError(`${what} ${file}: ${parsed.message}`);
  return parsed.run;
}

export function renderReport(run: RunResult, baseline: RunResult | null, format: "html" | "md" | "csv"): string {
  const comparison = baseline ? compareToBaseline(run, baseline) : null;
  if (comparison && !comparison.ok) throw new ReportError(`--baseline: ${comparison.reason}`);
  if (format === "csv") return seriesCsv(run.series);
  if (format === "md") return runMarkdown(run, { comparison });
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const v = readStudioVersion();
  return runHtml(run, { document, comparison, generator: `SGLang Studio ${v.version} (${v.commit})` });
}

export async function benchReportCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { baseline: { type: "string" }, html: { type: "boolean" }, md: { type: "boolean" }, csv: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      process.stdout.write(REPORT_USAGE);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file) throw new ReportError("give the run file: `bench report <run.json> --html|--md`");
    if (extra.length > 0) throw new ReportError(`unexpected argument "${extra[0]}"`);
    const formats = (["html", "md", "csv"] as const).filter((f) => values[f]);
    if (formats.length !== 1) throw new ReportError("choose one format: --html, --md or --csv");
    const run = readRun(file, "run");
    const baseline = values.baseline !== undefined ? readRun(values.baseline, "--baseline") : null;
    process.stdout.write(renderReport(run, baseline, formats[0] as "html" | "md" | "csv"));
    return 0;
  } catch (err) {
    if (err instanceof ReportError || (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`studio bench report: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
