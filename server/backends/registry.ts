import { TRPCError } from "@trpc/server";
import {
  BackendConfig,
  type BackendInput,
  type BackendSource,
  type PublicBackend,
} from "../../lib/schemas/backend";
import type { Db } from "../db/client";
import type { Backend as BackendRow } from "../db/generated/prisma/client";
import type { EventBus } from "../events";
import { FieldError } from "../errors";
import { newId } from "../ids";

/** What an edit may say about the API key: absent keeps it, null or "" clears it, a string replaces it. */
export type BackendPatch = Omit<BackendInput, "apiKey"> & { apiKey?: string | null };

export function toConfig(row: BackendRow): BackendConfig {
  return BackendConfig.parse({
    id: row.id,
    name: row.name,
    dialect: row.dialect,
    baseUrl: row.baseUrl,
    apiKey: row.apiKey,
    model: row.model,
    source: row.source,
  });
}

/** The only shape of a backend that leaves the server: the key becomes "set or not". */
export function toPublic(b: BackendConfig): PublicBackend {
  return {
    id: b.id,
    name: b.name,
    dialect: b.dialect,
    baseUrl: b.baseUrl,
    model: b.model ?? null,
    apiKeySet: Boolean(b.apiKey),
    source: b.source,
  };
}

/** Backends stored in the database, whichever their source. */
export class BackendRegistry {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  async list(): Promise<BackendConfig[]> {
    const rows = await this.db.backend.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
    return rows.map(toConfig);
  }

  async get(id: string): Promise<BackendConfig> {
    const row = await this.db.backend.findUnique({ where: { id } });
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: `no backend with id ${id}` });
    return toConfig(row);
  }

  async create(input: BackendInput, source: BackendSource = "user"): Promise<BackendConfig> {
    await this.assertNameFree(input.name);
    const row = await this.db.backend.create({
      data: { id: newId(9), name: input.name, dialect: input.dialect, baseUrl: input.baseUrl, apiKey: input.apiKey || null, model: input.model || null, source },
    });
    this.changed();
    return toConfig(row);
  }

  async update(id: string, patch: BackendPatch): Promise<BackendConfig> {
    const current = await this.get(id);
    if (current.source !== "user") {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `backend "${current.name}" comes from ${current.source === "config" ? "the config file or STUDIO_BACKENDS" : "the embedded reference engine"}; change it there`,
      });
    }
    if (patch.name !== current.name) await this.assertNameFree(patch.name);
    // A key belongs to a server: moving the backend elsewhere without giving a key drops the old one,
    // so an edit can never send the stored key to a new address.
    const moved = new URL(patch.baseUrl).origin !== new URL(current.baseUrl).origin;
    const apiKey = patch.apiKey !== undefined ? patch.apiKey || null : moved ? null : undefined;
    const row = await this.db.backend.update({
      where: { id },
      data: {
        name: patch.name,
        dialect: patch.dialect,
        baseUrl: patch.baseUrl,
        model: patch.model || null,
        ...(apiKey === undefined ? {} : { apiKey }),
      },
    });
    this.changed();
    return toConfig(row);
  }

  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    if (current.source === "config") {
      throw new TRPCError({ code: "FORBIDDEN", message: `backend "${current.name}" comes from the config file or STUDIO_BACKENDS; remove it there` });
    }
    await this.db.backend.delete({ where: { id } });
    this.changed();
  }

  /**
   * Makes the database hold exactly `declared` for `source`: upsert by name (a declared backend takes over a
   * UI one of the same name — config wins), delete the ones no longer declared.
   */
  async syncSource(source: Exclude<BackendSource, "user">, declared: BackendInput[]): Promise<void> {
    const names = new Set(declared.map((d) => d.name));
    await this.db.backend.deleteMany({ where: { source, name: { notIn: [...names] } } });
    for (const d of declared) {
      const data = { dialect: d.dialect, baseUrl: d.baseUrl, apiKey: d.apiKey || null, model: d.model || null, source };
      await this.db.backend.upsert({ where: { name: d.name }, create: { id: newId(9), name: d.name, ...data }, update: data });
    }
    this.changed();
  }

  async countBySource(source: BackendSource): Promise<number> {
    return this.db.backend.count({ where: { source } });
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.db.backend.findUnique({ where: { name } })) {
      const message = `a backend named "${name}" already exists; pick another name`;
      throw new TRPCError({ code: "CONFLICT", message, cause: new FieldError("name", message) });
    }
  }

  private changed(): void {
    this.bus.publish("backendsChanged", { at: new Date().toISOString() });
  }
}
