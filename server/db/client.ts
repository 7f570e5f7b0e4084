import type { Client, Config, TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./location";

export type Db = PrismaClient;

/** Tries of a statement that found the database locked, and the first wait between them (doubling: ~1.3 s of waits in all). */
const BUSY_TRIES = 8;
const BUSY_FIRST_WAIT_MS = 10;

const isBusy = (err: unknown): boolean => /SQLITE_BUSY|database is locked/i.test(`${(err as { code?: unknown })?.code ?? ""} ${err instanceof Error ? err.message : String(err)}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The studio and a `npm run studio -- …` command share one SQLite file (WAL), and libsql's local
 * connections have SQLite's busy timeout at 0: a write that meets another process's write lock fails at
 * once with SQLITE_BUSY. Worse, libsql leaves the failed statement pending on its connection, so a later
 * write there is never committed while the process lives (other processes never see it). A busy timeout
 * would block the event loop (libsql's local calls are synchronous). So a statement that finds the
 * database locked gets a new connection (the old one is closed, which drops the pending statement) and is
 * tried again after an asynchronous wait. A transaction begins IMMEDIATE (takes the write lock at BEGIN),
 * so a locked database shows there, where trying again is safe, and not at a write halfway through.
 */
function retryingWhenBusy(open: () => Client): Client {
  let inner = open();
  const retried =
    <A extends unknown[], R>(call: (c: Client, ...a: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call(inner, ...args);
        } catch (err) {
          if (attempt >= BUSY_TRIES || !isBusy(err)) throw err;
          const poisoned = inner;
          inner = open();
          poisoned.close();
          await sleep(BUSY_FIRST_WAIT_MS * 2 ** (attempt - 1));
        }
      }
    };
  const wrapped: Partial<Record<PropertyKey, unknown>> = {
    execute: retried((c, ...a: Parameters<Client["execute"]>) => c.execute(...a)),
    batch: retried((c, ...a: Parameters<Client["batch"]>) => c.batch(...a)),
    transaction: retried((c, mode?: TransactionMode) => c.transaction(mode === "read" ? "read" : "write")),
  };
  return new Proxy({} as Client, {
    get(_target, prop) {
      if (prop in wrapped) return wrapped[prop];
      const value: unknown = Reflect.get(inner, prop);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
    },
  });
}

class StudioLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return retryingWhenBusy(() => super.createClient(config));
  }
}

export function createDb(dataDir: string): Db {
  return new PrismaClient({ adapter: new StudioLibSQL({ url: databaseUrl(dataDir) }) });
}
