import fs from "node:fs";
import { z } from "zod";
import { Cell } from "../../lib/schemas/cell";
import { NotebookSettings, type NotebookDoc } from "../../lib/schemas/notebook";
import { describeIssue, NOTEBOOK_FORMAT, NotebookFile } from "../../lib/schemas/notebookFile";
import type { Db } from "../db/client";
import type { BackendRegistry } from "../backends/registry";
import { latestOutputs, storeOutputs, type Outputs } from "../shares/outputs";
import { assertNoSecrets, redactSecrets } from "../shares/secrets";
import type { NotebookRecord, NotebookStore } from "./store";

/**
 * Notebook files (export/import, `notebooks/`, the CLI and share snapshots): one versioned JSON format.
 * Reading is strict and explains itself: every refusal names the path of the bad field, and the two
 * mistakes users actually make (a file from a newer studio, a cell kind this studio does not know)
 * get sentences of their own rather than a schema dump.
 */

export const NOTEBOOK_FILE_VERSION = 1;
export const MAX_NOTEBOOK_FILE_BYTES = 20 * 1024 * 1024;

/** NotebookFile v1 plus the notebook's settings (which two backends it compares), so a round trip keeps them. */
export const StudioNotebookFile = NotebookFile.safeExtend({ settings: NotebookSettings.optional() });
export type StudioNotebookFile = z.infer<typeof StudioNotebookFile>;

export type FileParse = { ok: true; file: StudioNotebookFile } | { ok: false; message: string };

const KNOWN_KINDS: readonly string[] = Cell.options.map((o) => o.shape.kind.value);
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function tooBig(bytes: number): string {
  return `the file is ${MiB(bytes)}; notebook files are limited to ${MiB(MAX_NOTEBOOK_FILE_BYTES)} (export without outputs, or split the notebook)`;
}

/** Parses and validates the text of a notebook file. */
export function parseNotebookFile(text: string): FileParse {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_NOTEBOOK_FILE_BYTES) return { ok: false, message: tooBig(bytes) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  return validateNotebookJson(json);
}

/** Reads a notebook file from disk, refusing an oversized one before reading it. */
export function readNotebookFile(filePath: string): FileParse {
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch (err) {
    return { ok: false, message: `cannot read ${filePath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (size > MAX_NOTEBOOK_FILE_BYTES) return { ok: false, message: tooBig(size) };
  return parseNotebookFile(fs.readFileSync(filePath, "utf8"));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const kindOfJson = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);

/** Checks made before the schema, so their messages say what to do rather than what zod expected. */
function precheck(json: unknown): string | null {
  if (!isObject(json)) return `expected a notebook file (a JSON object with "format": "${NOTEBOOK_FORMAT}"), got ${kindOfJson(json)}`;
  if (json.format !== NOTEBOOK_FORMAT) {
    return json.format === undefined
      ? `format: missing; this is not an SGLang Studio notebook file (it needs "format": "${NOTEBOOK_FORMAT}")`
      : `format: expected "${NOTEBOOK_FORMAT}", got ${JSON.stringify(json.format)}`;
  }
  const v = json.version;
  if (typeof v === "number" && Number.isInteger(v) && v > NOTEBOOK_FILE_VERSION) {
    return `version ${v} is newer than this studio understands (${NOTEBOOK_FILE_VERSION}); update SGLang Studio`;
  }
  if (v !== NOTEBOOK_FILE_VERSION) return `version: expected ${NOTEBOOK_FILE_VERSION}, got ${JSON.stringify(v) ?? "nothing"}`;
  if (!Array.isArray(json.cells)) return `cells: expected a list of cells, got ${json.cells === undefined ? "nothing" : kindOfJson(json.cells)}`;
  for (const [i, cell] of json.cells.entries()) {
    if (!isObject(cell)) return `cells.${i}: expected a cell object, got ${kindOfJson(cell)}`;
    const kind = cell.kind;
    if (typeof kind !== "string" || !KNOWN_KINDS.includes(kind)) {
      const known = `this studio knows ${KNOWN_KINDS.join(", ")}`;
      return kind === undefined ? `cells.${i}.kind: missing; ${known}` : `cells.${i}.kind: unknown cell kind ${JSON.stringify(kind)}; ${known}`;
    }
  }
  return null;
}

/** An output must belong to its cell: same id, same kind (a score result cannot show under a generate cell). */
function checkOutputs(file: StudioNotebookFile): string | null {
  const kinds = new Map(file.cells.map((c) => [c.id, c.kind]));
  for (const [id, result] of Object.entries(file.outputs ?? {})) {
    if (result.cellId !== id) return `outputs.${id}.cellId: is ${JSON.stringify(result.cellId)} but the output is filed under "${id}"`;
    const kind = kinds.get(id);
    if (kind !== result.kind) return `outputs.${id}.kind: a ${result.kind} result cannot belong to ${kind} cell "${id}"`;
  }
  return null;
}

/** Validates an already-parsed JSON value as a notebook file. */
export function validateNotebookJson(json: unknown): FileParse {
  const early = precheck(json);
  if (early) return { ok: false, message: early };
  const parsed = StudioNotebookFile.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const late = checkOutputs(parsed.data);
  return late ? { ok: false, message: late } : { ok: true, file: parsed.data };
}

/** The file form of a notebook; outputs are included only when given. Key order is the file's reading order. */
export function toNotebookFile(nb: { title: string; doc: NotebookDoc }, outputs?: Outputs): StudioNotebookFile {
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_FILE_VERSION,
    title: nb.title,
    settings: nb.doc.settings,
    cells: nb.doc.cells,
    ...(outputs ? { outputs } : {}),
  };
}

/** What Studio writes: 2-space JSON with a final newline, stable for diffs and version control. */
export function serializeNotebookFile(file: StudioNotebookFile): string {
  const { format, version, title, settings, cells, outputs } = file; // fixed key order, whatever the parser's
  return `${JSON.stringify({ format, version, title, settings, cells, outputs }, null, 2)}\n`;
}

export interface FileServices {
  db: Db;
  notebooks: NotebookStore;
  backends: BackendRegistry;
}

/**
 * The notebook as a file. Outputs hold raw server answers, which can echo a key back (a proxy reflecting
 * headers), so an export is redacted and checked exactly as a share snapshot is.
 */
export async function exportNotebook(s: FileServices, id: string, opts: { outputs: boolean }): Promise<StudioNotebookFile> {
  const nb = await s.notebooks.get(id);
  const file = toNotebookFile(nb, opts.outputs ? await latestOutputs(s.db, id, nb.doc.cells) : undefined);
  const secrets = (await s.backends.list()).flatMap((b) => (b.apiKey ? [b.apiKey] : []));
  const redacted = redactSecrets(file, secrets);
  assertNoSecrets(JSON.stringify(redacted), secrets);
  return redacted;
}

/** Creates a new notebook from a validated file; its outputs become stored runs, so it opens with results. */
export async function importNotebook(s: FileServices, file: StudioNotebookFile): Promise<NotebookRecord & { outputs: number }> {
  const doc: NotebookDoc = { settings: file.settings ?? NotebookSettings.parse({}), cells: file.cells };
  const nb = await s.notebooks.create(file.title, doc);
  const outputs = await storeOutputs(s.db, nb.id, nb.doc.cells, file.outputs ?? {});
  return { ...nb, outputs };
}
