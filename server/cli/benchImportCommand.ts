import { parseArgs } from "node:util";
import { loadEnv } from "../env";
import { importRunFile } from "../benchViews/importRun";
import { closeServices, createServices } from "../services";
import { readTextFile } from "./readFile";

/**
 * `studio bench import <file> --benchmark <id> [--backend <name>] [--same-request] [--tag t]`: files a
 * `python -m sglang.bench_serving` JSONL or `vllm bench serve --save-result` JSON into a benchmark's
 * history in the studio's data folder (STUDIO_DATA_DIR). Prints the new run's id.
 */
export const IMPORT_USAGE = `usage: npm run studio -- bench import <file> --benchmark <id> [--backend <name>] [--same-request] [--tag <t>]…

Imports a result file of \`python -m sglang.bench_serving\` (JSONL) or \`vllm bench serve --save-result\`
(JSON) into the benchmark's history. --backend names the backend the tool measured (default: the
benchmark's first). --same-request says the tool sent the benchmark's own request, so the run is compared
with native runs; otherwise it is compared only with imports of the same workload.
Exit status: 0 imported (the run id on stdout), 2 an error.
`;

export async function benchImportCommand(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { benchmark: { type: "string" }, backend: { type: "string" }, "same-request": { type: "boolean", default: false }, tag: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
    }));
  } catch (err) {
    process.stderr.write(`studio bench import: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(IMPORT_USAGE);
    return 0;
  }
  const [file] = positionals;
  const fail = (m: string) => (process.stderr.write(`studio bench import: ${m}\n`), 2);
  if (!file) return fail("give the result file: `bench import <file> --benchmark <id>`");
  if (!values.benchmark) return fail("give the benchmark to import into: --benchmark <id>");
  const read = readTextFile(file);
  if (!read.ok) return fail(read.message);
  const text = read.value;
  const services = await createServices(loadEnv());
  try {
    const row = await services.db.benchmark.findUnique({ where: { id: values.benchmark } });
    if (!row) return fail(`no benchmark with id ${values.benchmark}`);
    const first = (JSON.parse(row.spec) as { backends: { name: string }[] }).backends[0]?.name ?? "backend";
    const r = await importRunFile(services.db, { benchmarkId: row.id, text, backend: values.backend ?? first, sameRequest: values["same-request"], tags: values.tag });
    if (!r.ok) return fail(`${file}: ${r.message}`);
    for (const n of r.notes) process.stderr.write(`note: ${n}\n`);
    process.stdout.write(`${r.runId}\n`);
    return 0;
  } finally {
    await closeServices(services);
  }
}
