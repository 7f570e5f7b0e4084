import { TRPCError } from "@trpc/server";
import type { BackendRegistry } from "../backends/registry";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/prisma/client";
import { newId } from "../ids";
import { benchmarkCardsForNotebook } from "../benchViews/card";
import { importNotebook } from "../notebooks/files";
import type { NotebookRecord, NotebookStore } from "../notebooks/store";
import { latestOutputs } from "./outputs";
import { buildSnapshot, SHARE_FORMAT, type ShareSnapshot } from "./snapshot";
import { ShareViewCache, toShareView, type ShareView } from "./view";

/** 18 random bytes = 144 bits, 24 base64url characters: unguessable, and the link stays short. */
export const SHARE_ID_BYTES = 18;

export interface ShareSummary {
  id: string;
  title: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface SharedNotebook {
  id: string;
  title: string;
  createdAt: string;
  snapshot: ShareSnapshot;
}

const SUMMARY = { id: true, title: true, createdAt: true, revokedAt: true } satisfies Prisma.ShareSelect;

const GONE = {
  revoked: "this share link was revoked by its owner; ask them for a new one",
  unknown: "there is no shared notebook at this link; check that the whole link was copied",
} as const;

/**
 * Share links: immutable snapshots under unguessable ids. Reading takes only the share id; every
 * change to a share (create, revoke) takes the notebook's id, which a share never reveals, so a link
 * can be read and forked but never altered by whoever holds it.
 */
export class ShareStore {
  private readonly views = new ShareViewCache();

  constructor(
    private readonly db: Db,
    private readonly notebooks: NotebookStore,
    private readonly backends: BackendRegistry,
  ) {}

  async create(notebookId: string): Promise<ShareSummary> {
    const nb = await this.notebooks.get(notebookId);
    const outputs = await latestOutputs(this.db, notebookId, nb.doc.cells);
    const secrets = (await this.backends.list()).flatMap((b) => (b.apiKey ? [b.apiKey] : []));
    const benchmarks = await benchmarkCardsForNotebook(this.db, notebookId);
    const { json } = buildSnapshot(nb, outputs, secrets, benchmarks);
    const row = await this.db.share.create({
      data: { id: newId(SHARE_ID_BYTES), notebookId, title: nb.title, snapshot: json },
      select: SUMMARY,
    });
    return summarize(row);
  }

  async list(notebookId: string): Promise<ShareSummary[]> {
    await this.notebooks.get(notebookId, { includeDeleted: true });
    const rows = await this.db.share.findMany({ where: { notebookId }, orderBy: { createdAt: "desc" }, select: SUMMARY });
    return rows.map(summarize);
  }

  /** Idempotent: revoking a revoked share is fine. The notebook id proves the caller owns the notebook. */
  async revoke(notebookId: string, id: string): Promise<ShareSummary> {
    const row = await this.db.share.findFirst({ where: { id, notebookId }, select: SUMMARY });
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: `this notebook has no share ${id}` });
    this.views.delete(id);
    if (row.revokedAt) return summarize(row);
    return summarize(await this.db.share.update({ where: { id }, data: { revokedAt: new Date() }, select: SUMMARY }));
  }

  /** The snapshot behind a link; a revoked or unknown id is NOT_FOUND (the link answers 404). */
  async get(id: string): Promise<SharedNotebook> {
    const row = await this.db.share.findUnique({ where: { id } });
    if (!row || row.revokedAt) throw new TRPCError({ code: "NOT_FOUND", message: row ? GONE.revoked : GONE.unknown });
    return { id: row.id, title: row.title, createdAt: row.createdAt.toISOString(), snapshot: parseStored(row.snapshot) };
  }

  /** What the share page renders (see view.ts); prepared once, then only the revocation is re-checked. */
  async view(id: string): Promise<ShareView> {
    const cached = this.views.get(id);
    if (cached) {
      const row = await this.db.share.findUnique({ where: { id }, select: { revokedAt: true } });
      if (row && !row.revokedAt) return cached;
      this.views.delete(id);
    }
    const view = toShareView(await this.get(id));
    this.views.set(view);
    return view;
  }

  /** A new, editable notebook from a live share, with the snapshot's outputs stored as its runs. */
  async fork(id: string): Promise<NotebookRecord> {
    const { snapshot } = await this.get(id);
    const title = `${snapshot.notebook.title} (fork)`.slice(0, 200);
    return importNotebook({ db: this.db, notebooks: this.notebooks, backends: this.backends }, { ...snapshot.notebook, title });
  }
}

/**
 * Snapshots are validated in full when written and never change afterwards, so a read checks only the
 * envelope: a full parse of a 10 MB snapshot would add ~100 ms to every view of the link (bench/share).
 */
function parseStored(json: string): ShareSnapshot {
  const value = JSON.parse(json) as Partial<ShareSnapshot> | null;
  if (value?.format !== SHARE_FORMAT || value.version !== 1 || !value.notebook) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "this share's stored snapshot is not one this studio can read" });
  }
  return value as ShareSnapshot;
}

function summarize(row: { id: string; title: string; createdAt: Date; revokedAt: Date | null }): ShareSummary {
  return { id: row.id, title: row.title, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null };
}
