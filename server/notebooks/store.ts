import { TRPCError } from "@trpc/server";
import { NotebookDoc } from "../../lib/schemas/notebook";
import type { Db } from "../db/client";
import type { Notebook as NotebookRow } from "../db/generated/prisma/client";
import { newId } from "../ids";

export interface NotebookRecord {
  id: string;
  title: string;
  version: number;
  doc: NotebookDoc;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A save that lost the race: the caller keeps its own copy and gets the stored one to choose from. */
export interface SaveConflict {
  ok: false;
  conflict: "stale" | "deleted";
  current: NotebookRecord | null;
}
export type SaveOutcome = { ok: true; notebook: NotebookRecord } | SaveConflict;

export function toRecord(row: NotebookRow): NotebookRecord {
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    doc: NotebookDoc.parse(JSON.parse(row.doc)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/**
 * Notebooks with versioned writes: every save names the version it was based on, and a save based on
 * anything but the stored version is refused as data (never a silent overwrite).
 */
export class NotebookStore {
  constructor(private readonly db: Db) {}

  async list(opts: { search?: string; deleted?: boolean } = {}) {
    const rows = await this.db.notebook.findMany({
      where: {
        deletedAt: opts.deleted ? { not: null } : null,
        ...(opts.search ? { title: { contains: opts.search } } : {}),
      },
      orderBy: { updatedAt: "desc" },
      select: { id: true, title: true, doc: true, version: true, updatedAt: true, deletedAt: true },
    });
    return rows.map((r) => {
      // a count needs no validation: docs are validated on every write
      const cells = (JSON.parse(r.doc) as { cells?: unknown }).cells;
      return {
        id: r.id,
        title: r.title,
        version: r.version,
        cellCount: Array.isArray(cells) ? cells.length : 0,
        updatedAt: r.updatedAt.toISOString(),
        deletedAt: r.deletedAt?.toISOString() ?? null,
      };
    });
  }

  async get(id: string, opts: { includeDeleted?: boolean } = {}): Promise<NotebookRecord> {
    const row = await this.db.notebook.findUnique({ where: { id } });
    if (!row || (row.deletedAt && !opts.includeDeleted)) {
      throw new TRPCError({ code: "NOT_FOUND", message: row ? "this notebook was deleted; restore it from the Notebooks page" : `no notebook with id ${id}` });
    }
    return toRecord(row);
  }

  async create(title: string, doc: NotebookDoc): Promise<NotebookRecord> {
    const row = await this.db.notebook.create({ data: { id: newId(12), title, doc: JSON.stringify(NotebookDoc.parse(doc)) } });
    return toRecord(row);
  }

  /** Compare-and-swap on `version`: one UPDATE … WHERE version = base, so two writers cannot both win. */
  async save(id: string, baseVersion: number, title: string, doc: NotebookDoc): Promise<SaveOutcome> {
    const valid = NotebookDoc.parse(doc);
    const { count } = await this.db.notebook.updateMany({
      where: { id, version: baseVersion, deletedAt: null },
      data: { title, doc: JSON.stringify(valid), version: { increment: 1 } },
    });
    if (count === 1) return { ok: true, notebook: await this.get(id) };
    const row = await this.db.notebook.findUnique({ where: { id } });
    if (!row) return { ok: false, conflict: "deleted", current: null };
    return { ok: false, conflict: row.deletedAt ? "deleted" : "stale", current: toRecord(row) };
  }

  async softDelete(id: string): Promise<void> {
    await this.get(id);
    await this.db.notebook.update({ where: { id }, data: { deletedAt: new Date(), version: { increment: 1 } } });
  }

  async restore(id: string): Promise<NotebookRecord> {
    await this.get(id, { includeDeleted: true });
    await this.db.notebook.update({ where: { id }, data: { deletedAt: null, version: { increment: 1 } } });
    return this.get(id);
  }
}
