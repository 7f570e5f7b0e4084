import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { databaseUrl } from "./server/db/location";

// Used by the Prisma CLI only (migrate/generate); the studio applies migrations itself on start.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaLibSQL({ url: databaseUrl(process.env.STUDIO_DATA_DIR ?? path.resolve("data")) });
  },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
