import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../../server/db/client";
import { migrate } from "../../../server/db/migrate";

/**
 * The studio and a `npm run studio -- …` command share one database (WAL). Two clients here are those two
 * processes: a write that meets the other's open write transaction must wait for it, not fail with
 * "database is locked".
 */
describe("two writers on one database", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-db-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a write, and a transaction, wait for the other connection's transaction instead of failing", async () => {
    await migrate(dir);
    const server = createDb(dir);
    const cli = createDb(dir);
    try {
      await cli.notebook.count(); // connected
      /** The server holds its write lock until released; resolves once it holds it. */
      const holdLock = (id: string) => {
        let release!: () => void;
        let locked!: () => void;
        const held = new Promise<void>((r) => (release = r));
        const isLocked = new Promise<void>((r) => (locked = r));
        const done = server.$transaction(async (tx) => {
          await tx.notebook.create({ data: { id, title: "held", doc: "{}" } });
          locked();
          await held;
        });
        return { isLocked, release, done };
      };
      const first = holdLock("a");
      await first.isLocked;
      const t0 = performance.now();
      const other = cli.notebook.create({ data: { id: "b", title: "waits", doc: "{}" } });
      setTimeout(first.release, 300);
      await expect(other).resolves.toMatchObject({ id: "b" });
      expect(performance.now() - t0).toBeGreaterThan(200); // it waited for the lock
      await first.done;
      // a transaction (as saveTelemetry's delete-and-rewrite is) waits at BEGIN the same way
      const second = holdLock("c");
      await second.isLocked;
      const batch = cli.$transaction([cli.notebook.deleteMany({ where: { id: "b" } }), cli.notebook.create({ data: { id: "d", title: "in a transaction", doc: "{}" } })]);
      setTimeout(second.release, 300);
      await expect(batch).resolves.toHaveLength(2);
      await second.done;
      // committed, not only visible to the connection that wrote it: libsql left a failed statement pending,
      // and a write after it on the same connection was never committed
      const third = createDb(dir);
      expect((await third.notebook.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((n) => n.id)).toEqual(["a", "c", "d"]);
      await third.$disconnect();
    } finally {
      await Promise.all([server.$disconnect(), cli.$disconnect()]);
    }
  });
});
