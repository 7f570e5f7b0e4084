import fs from "node:fs";
import { TRPCError } from "@trpc/server";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { Cell, RunnableCell } from "../../lib/schemas/cell";
import type { CellRunResult } from "../../lib/schemas/cellRun";
import { NotebookSettings } from "../../lib/schemas/notebook";
import { IdentityCache, runCell, type CellBackends } from "../cells";
import { newId } from "../ids";
import { CellRunStore } from "../notebooks/cellRunStore";
import { resolveBackends } from "../notebooks/cellJobs";
import { readNotebookFile } from "../notebooks/files";
import type { Services } from "../services";
import { cellReport } from "./cellReport";
import { backendFromUrlFlags, UsageError } from "./backendFlags";

/** A mistake in what the user asked for (exit 2, one line on stderr). */
export class NotebookCliError extends UsageError {}

export type BackendFlags = Partial<Record<"a" | "b" | "a-dialect" | "b-dialect" | "a-model" | "b-model" | "a-api-key" | "b-api-key", string>>;

interface Target {
  /** null when running a file: its outputs are printed, not stored. */
  notebookId: string | null;
  title: string;
  settings: NotebookSettings;
  cells: Cell[];
}

async function loadTarget(s: Services, ref: string): Promise<Target> {
  if (fs.existsSync(ref) && fs.statSync(ref).isFile()) {
    const parsed = readNotebookFile(ref);
    if (!parsed.ok) throw new NotebookCliError(`${ref}: ${parsed.message}`);
    const f = parsed.file;
    return { notebookId: null, title: f.title, settings: f.settings ?? NotebookSettings.parse({}), cells: f.cells };
  }
  if (ref.endsWith(".json") || ref.includes("/")) throw new NotebookCliError(`${ref}: no such file`);
  const nb = await s.notebooks.get(ref).catch((err: unknown) => {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") throw new NotebookCliError(`"${ref}" is not a notebook file, and ${err.message} in ${s.env.dataDir}`);
    throw err;
  });
  return { notebookId: nb.id, title: nb.title, settings: nb.doc.settings, cells: nb.doc.cells };
}

/** `--a` names a configured backend (name or id), or gives a URL with `--a-dialect`, as `cell run` does. */
function flagBackend(side: "a" | "b", flags: BackendFlags, list: BackendConfig[]): BackendConfig | null {
  const value = flags[side];
  if (value === undefined) return null;
  const known = list.find((b) => b.id === value || b.name === value);
  if (known) return known;
  if (!/^https?:\/\//.test(value)) {
    const names = list.map((b) => b.name).join(", ") || "none";
    throw new NotebookCliError(`--${side}: no backend named "${value}" (configured: ${names}); give a name, an id, or a URL with --${side}-dialect`);
  }
  try {
    return backendFromUrlFlags(side, flags);
  } catch (err) {
    throw new NotebookCliError((err as Error).message);
  }
}

/** Flags win; otherwise the notebook's settings, else the first two backends in the database. */
function pickBackends(settings: NotebookSettings, list: BackendConfig[], flags: BackendFlags): CellBackends {
  const a = flagBackend("a", flags, list);
  const b = flagBackend("b", flags, list);
  if (a && b) return { a, b };
  try {
    const fallback = resolveBackends({ backendA: a?.id ?? settings.backendA, backendB: b?.id ?? settings.backendB }, list);
    return { a: a ?? fallback.a, b: b ?? fallback.b };
  } catch (err) {
    throw new NotebookCliError(`${err instanceof Error ? err.message : String(err)}; or pass --a and --b`);
  }
}

export type CellOutcome = "pass" | "fail" | "n/a" | "error";

export function outcomeOf(r: CellRunResult): CellOutcome {
  if (r.status !== "ok" || !r.verdict) return "error";
  return r.verdict.status;
}

export interface NotebookRunReport {
  notebook: { id: string | null; title: string };
  backends: { a: { name: string; baseUrl: string }; b: { name: string; baseUrl: string } };
  cells: ReturnType<typeof cellReport>[];
  counts: Record<CellOutcome, number>;
  stored: boolean;
  exitCode: 0 | 1 | 2;
}

/**
 * Exit code for CI: 2 when any cell could not be compared (a backend failed, nothing to judge) since the
 * check did not complete; else 1 when any verdict is not a pass ("n/a" included: a rule that judged
 * nothing is not a pass); else 0.
 */
export function exitCodeOf(counts: Record<CellOutcome, number>): 0 | 1 | 2 {
  if (counts.error > 0) return 2;
  return counts.fail > 0 || counts["n/a"] > 0 ? 1 : 0;
}

export async function runNotebook(
  s: Services,
  ref: string,
  flags: BackendFlags,
  onCell: (r: CellRunResult, index: number, total: number) => void = () => {},
): Promise<NotebookRunReport> {
  const target = await loadTarget(s, ref);
  const backends = pickBackends(target.settings, await s.backends.list(), flags);
  const runnable = target.cells.filter((c): c is RunnableCell => c.kind !== "markdown");
  const store = new CellRunStore(s.db);
  const counts: Record<CellOutcome, number> = { pass: 0, fail: 0, "n/a": 0, error: 0 };
  const cells: NotebookRunReport["cells"] = [];
  // identity read once per backend for the whole notebook, as the server does (not 3+ GETs per cell per side)
  const identities = new IdentityCache();
  for (const [i, cell] of runnable.entries()) {
    const result = await runCell(cell, backends, { timeoutMs: s.env.STUDIO_BACKEND_TIMEOUT_MS, identities });
    if (target.notebookId) await store.insert({ id: newId(12), notebookId: target.notebookId, cell, result });
    counts[outcomeOf(result)]++;
    cells.push(cellReport(result));
    onCell(result, i, runnable.length);
  }
  const side = (b: BackendConfig) => ({ name: b.name, baseUrl: b.baseUrl });
  return {
    notebook: { id: target.notebookId, title: target.title },
    backends: { a: side(backends.a), b: side(backends.b) },
    cells,
    counts,
    stored: target.notebookId !== null,
    exitCode: exitCodeOf(counts),
  };
}

/** One line per cell as it finishes: outcome, kind, id, and the verdict's (or the error's) sentence. */
export function cellLine(r: CellRunResult, index: number, total: number): string {
  const outcome = outcomeOf(r).toUpperCase().padEnd(5);
  const failedSide = [r.a, r.b].find((x) => !x.ok);
  const why = r.error?.message ?? (r.status !== "ok" && failedSide ? `${failedSide.side.toUpperCase()}: ${failedSide.error?.message ?? "failed"}` : r.verdict?.reason ?? "nothing was compared");
  return `[${index + 1}/${total}] ${outcome} ${r.kind.padEnd(8)} ${r.cellId}  ${r.verdict ? `${r.verdict.rule}: ` : ""}${why}\n`;
}

export function summaryLine(rep: NotebookRunReport): string {
  const c = rep.counts;
  const total = c.pass + c.fail + c["n/a"] + c.error;
  const where = rep.stored ? `; outputs stored in notebook ${rep.notebook.id}` : "";
  return (
    `${rep.notebook.title}: ${total} cell${total === 1 ? "" : "s"} run on A=${rep.backends.a.name} (${rep.backends.a.baseUrl}) ` +
    `and B=${rep.backends.b.name} (${rep.backends.b.baseUrl}): ${c.pass} pass, ${c.fail} fail, ${c["n/a"]} n/a, ${c.error} error${where}\n`
  );
}
