import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./location";

export type Db = PrismaClient;

export function createDb(dataDir: string): Db {
  return new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl(dataDir) }) });
}
