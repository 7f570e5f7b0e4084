import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { databaseUrl } from "./location";

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

/**
 * Applies prisma/migrations/* in order, each once, inside a transaction. Done in-process rather than by
 * `prisma migrate deploy` because spawning the CLI costs ~1.5 s on every start. The SQL files are the ones
 * Prisma generates (`prisma migrate diff`), so the schema stays Prisma's.
 */
export async function migrate(dataDir: string): Promise<string[]> {
  const client = createClient({ url: databaseUrl(dataDir) });
  try {
    // WAL lets the CLI and the server use one database at once; busy_timeout waits instead of failing.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    await client.execute(
      "CREATE TABLE IF NOT EXISTS _studio_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const done = new Set((await client.execute("SELECT name FROM _studio_migrations")).rows.map((r) => String(r.name)));
    const pending = fs
      .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !done.has(d.name))
      .map((d) => d.name)
      .sort();
    for (const name of pending) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const tx = await client.transaction("write");
      try {
        await tx.executeMultiple(sql);
        await tx.execute({ sql: "INSERT INTO _studio_migrations (name, applied_at) VALUES (?, ?)", args: [name, new Date().toISOString()] });
        await tx.commit();
      } catch (err) {
        await tx.rollback();
        throw new Error(`migration ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return pending;
  } finally {
    client.close();
  }
}
