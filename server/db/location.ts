import path from "node:path";

/** The SQLite file inside the studio's data folder. */
export function databaseUrl(dataDir: string): string {
  return `file:${path.join(dataDir, "studio.db")}`;
}
