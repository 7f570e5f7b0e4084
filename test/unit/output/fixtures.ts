import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CellRunResult } from "../../../lib/schemas/cellRun";

/** Recorded runs (test/fixtures/output/record.ts), validated against the schema on load. */
export function recorded(name: "score-run" | "generate-run" | "partial-run"): CellRunResult {
  const file = fileURLToPath(new URL(`../../fixtures/output/${name}.json`, import.meta.url));
  return CellRunResult.parse(JSON.parse(readFileSync(file, "utf8")));
}
