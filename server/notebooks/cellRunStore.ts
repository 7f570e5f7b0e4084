import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { BackendError } from "../../lib/schemas/backend";
import { Cell } from "../../lib/schemas/cell";
import { CellRunResult, CellRunStatus } from "../../lib/schemas/cellRun";
import { ParityRuleName, ParityStatus } from "../../lib/schemas/parity";
import type { Db } from "../db/client";
import type { CellRun as CellRunRow } from "../db/generated/prisma/client";

/** A finished cell run as stored: the cell exactly as it was run, and its whole result. */
export interface StoredRun {
  id: string;
  notebookId: string;
  cellId: string;
  status: CellRunStatus;
  createdAt: string;
  cell: Cell;
  result: CellRunResult;
}

/** One line of a cell's run history: enough to pick a run without loading its evidence. */
export interface RunSummary {
  id: string;
  createdAt: string;
  status: CellRunStatus;
  rule: ParityRuleName;
  verdict: ParityStatus | null;
  latencyMs: { a: number | null; b: number | null };
  backends: { a: string; b: string };
  error: string | null;
}

/** The few fields a summary reads; parsing only these keeps a history of large runs cheap. */
const SummaryFields = z.object({
  rule: z.object({ name: ParityRuleName }),
  verdict: z.object({ status: ParityStatus }).nullable(),
  error: BackendError.nullable(),
  a: z.object({ latencyMs: z.number().nullable(), backend: z.object({ name: z.string() }) }),
  b: z.object({ latencyMs: z.number().nullable(), backend: z.object({ name: z.string() }) }),
});

const HISTORY_LIMIT = 50;

/** A row as a run; `parsed` skips re-reading JSON that was just validated and written. */
function toStored(row: CellRunRow, parsed?: { cell: Cell; result: CellRunResult }): StoredRun {
  return {
    id: row.id,
    notebookId: row.notebookId,
    cellId: row.cellId,
    status: CellRunStatus.parse(row.status),
    createdAt: row.createdAt.toISOString(),
    cell: parsed?.cell ?? Cell.parse(JSON.parse(row.input)),
    result: parsed?.result ?? CellRunResult.parse(JSON.parse(row.result)),
  };
}

function toSummary(row: Pick<CellRunRow, "id" | "createdAt" | "status" | "result">): RunSummary {
  const f = SummaryFields.parse(JSON.parse(row.result));
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    status: CellRunStatus.parse(row.status),
    rule: f.rule.name,
    verdict: f.verdict?.status ?? null,
    latencyMs: { a: f.a.latencyMs, b: f.b.latencyMs },
    backends: { a: f.a.backend.name, b: f.b.backend.name },
    error: f.error?.message ?? null,
  };
}

/** Cell runs in the `CellRun` table, validated with the lib schemas on the way in and out. */
export class CellRunStore {
  constructor(private readonly db: Db) {}

  async insert(run: { id: string; notebookId: string; cell: Cell; result: CellRunResult }): Promise<StoredRun> {
    const result = CellRunResult.parse(run.result);
    const cell = Cell.parse(run.cell);
    const row = await this.db.cellRun.create({
      data: {
        id: run.id,
        notebookId: run.notebookId,
        cellId: run.cell.id,
        kind: result.kind,
        status: result.status,
        input: JSON.stringify(cell),
        result: JSON.stringify(result),
      },
    });
    return toStored(row, { cell, result });
  }

  async find(id: string): Promise<StoredRun | null> {
    const row = await this.db.cellRun.findUnique({ where: { id } });
    return row ? toStored(row) : null;
  }

  async get(id: string): Promise<StoredRun> {
    const run = await this.find(id);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: `no stored cell run with id ${id} (it may still be running, or its notebook was removed)` });
    return run;
  }

  /** Derived parts (diff, verdict, teacher-forcing) change; the requests and responses never do. */
  async updateResult(id: string, result: CellRunResult): Promise<StoredRun> {
    const valid = CellRunResult.parse(result);
    const row = await this.db.cellRun.update({ where: { id }, data: { result: JSON.stringify(valid) } });
    return toStored(row, { cell: Cell.parse(JSON.parse(row.input)), result: valid });
  }

  /** A cell's runs, newest first (at most 50). */
  async history(notebookId: string, cellId: string): Promise<RunSummary[]> {
    const rows = await this.db.cellRun.findMany({
      where: { notebookId, cellId },
      orderBy: { createdAt: "desc" },
      take: HISTORY_LIMIT,
      select: { id: true, createdAt: true, status: true, result: true },
    });
    return rows.map(toSummary);
  }

  /** The newest run of every cell of a notebook (what a page shows when it opens). */
  async latestPerCell(notebookId: string): Promise<StoredRun[]> {
    const heads = await this.db.cellRun.findMany({
      where: { notebookId },
      orderBy: { createdAt: "desc" },
      distinct: ["cellId"],
      select: { id: true },
    });
    if (heads.length === 0) return [];
    const rows = await this.db.cellRun.findMany({ where: { id: { in: heads.map((h) => h.id) } } });
    return rows.map((r) => toStored(r));
  }
}
