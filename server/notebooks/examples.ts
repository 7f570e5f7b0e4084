import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../version";
import { importNotebook, readNotebookFile, type FileServices } from "./files";

export const EXAMPLES_DIR = path.join(PROJECT_ROOT, "notebooks");
/** Written into the data folder once examples were offered, so deleting them all does not bring them back. */
export const EXAMPLES_MARKER = ".examples-loaded";

export interface ExamplesOutcome {
  loaded: { file: string; id: string }[];
  /** Files that could not be imported, with why (the studio still starts). */
  failed: { file: string; message: string }[];
  skipped: "already-loaded" | "has-notebooks" | null;
}

/**
 * On a studio's first start (no notebook at all, examples never loaded), imports `notebooks/*.json` so
 * a new user lands on something that runs. Files are imported last-first so that, with the list sorted
 * by last change, the first file (01-…) is on top.
 */
export async function loadExamplesOnFirstStart(
  s: FileServices & { env: { dataDir: string } },
  dir: string = EXAMPLES_DIR,
): Promise<ExamplesOutcome> {
  const marker = path.join(s.env.dataDir, EXAMPLES_MARKER);
  const outcome: ExamplesOutcome = { loaded: [], failed: [], skipped: null };
  if (fs.existsSync(marker)) return { ...outcome, skipped: "already-loaded" };
  if ((await s.db.notebook.count()) > 0) {
    fs.writeFileSync(marker, "existing notebooks found; examples not loaded\n");
    return { ...outcome, skipped: "has-notebooks" };
  }
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().reverse() : [];
  for (const file of files) {
    const parsed = readNotebookFile(path.join(dir, file));
    if (!parsed.ok) {
      outcome.failed.push({ file, message: parsed.message });
      continue;
    }
    const nb = await importNotebook(s, parsed.file);
    outcome.loaded.push({ file, id: nb.id });
  }
  for (const f of outcome.failed) process.stderr.write(`studio: example notebook ${f.file} was not loaded: ${f.message}\n`);
  fs.writeFileSync(marker, `${outcome.loaded.map((l) => l.file).join("\n")}\n`);
  return outcome;
}
