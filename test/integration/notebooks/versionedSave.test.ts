import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withServices } from "../../helpers/services";

/** Two tabs editing one notebook through the router, on a real SQLite file: nothing is overwritten silently. */
describe("notebooks: versioned writes, delete and restore", () => {
  let s: Awaited<ReturnType<typeof withServices>>;
  beforeEach(async () => {
    s = await withServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const withMarkdown = (doc: { settings: { backendA: string | null; backendB: string | null }; cells: unknown[] }, source: string) => ({
    ...doc,
    cells: [...doc.cells, { id: `md${doc.cells.length}`, kind: "markdown" as const, source }],
  });

  it("refuses a stale save both ways and hands back the stored version", async () => {
    const nb = await s.caller.notebooks.create({ title: "shared" });
    const tab1 = { version: nb.version, doc: nb.doc };
    const tab2 = { version: nb.version, doc: nb.doc };

    const first = await s.caller.notebooks.save({ id: nb.id, baseVersion: tab1.version, title: "shared", doc: withMarkdown(tab1.doc, "from tab 1") as typeof nb.doc });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.notebook.version).toBe(nb.version + 1);

    const stale = await s.caller.notebooks.save({ id: nb.id, baseVersion: tab2.version, title: "tab 2 title", doc: withMarkdown(tab2.doc, "from tab 2") as typeof nb.doc });
    expect(stale).toMatchObject({ ok: false, conflict: "stale" });
    if (stale.ok) return;
    expect(stale.current?.version).toBe(first.notebook.version);
    expect(stale.current?.doc.cells.at(-1)).toMatchObject({ kind: "markdown", source: "from tab 1" });
    expect((await s.caller.notebooks.get({ id: nb.id })).title).toBe("shared"); // tab 2's write did not land

    // tab 2 chooses "keep mine": it saves on top of the version it was shown
    const overwrite = await s.caller.notebooks.save({ id: nb.id, baseVersion: stale.current!.version, title: "tab 2 title", doc: withMarkdown(tab2.doc, "from tab 2") as typeof nb.doc });
    expect(overwrite.ok).toBe(true);
    // …and now tab 1 is the stale one
    const back = await s.caller.notebooks.save({ id: nb.id, baseVersion: first.notebook.version, title: "shared", doc: first.notebook.doc });
    expect(back).toMatchObject({ ok: false, conflict: "stale", current: { title: "tab 2 title" } });
  });

  it("a save to a notebook deleted elsewhere says so; restore brings it back with a new version", async () => {
    const nb = await s.caller.notebooks.create({ title: "doomed" });
    await s.caller.notebooks.delete({ id: nb.id });
    expect((await s.caller.notebooks.list()).map((n) => n.id)).not.toContain(nb.id);
    expect((await s.caller.notebooks.list({ deleted: true })).map((n) => n.id)).toContain(nb.id);
    await expect(s.caller.notebooks.get({ id: nb.id })).rejects.toThrow(/deleted/);

    const save = await s.caller.notebooks.save({ id: nb.id, baseVersion: nb.version, title: "doomed", doc: nb.doc });
    expect(save).toMatchObject({ ok: false, conflict: "deleted" });

    const restored = await s.caller.notebooks.restore({ id: nb.id });
    expect(restored.deletedAt).toBeNull();
    expect(restored.version).toBeGreaterThan(nb.version);
    const again = await s.caller.notebooks.save({ id: nb.id, baseVersion: restored.version, title: "saved after restore", doc: nb.doc });
    expect(again.ok).toBe(true);
  });

  it("lists by last change with search; duplicate copies the cells", async () => {
    const one = await s.caller.notebooks.create({ title: "Alpha parity" });
    const two = await s.caller.notebooks.create({ title: "Beta ranking" });
    await new Promise((r) => setTimeout(r, 5));
    await s.caller.notebooks.save({ id: one.id, baseVersion: one.version, title: "Alpha parity", doc: one.doc });
    expect((await s.caller.notebooks.list()).map((n) => n.id)).toEqual([one.id, two.id]);
    expect((await s.caller.notebooks.list({ search: "Beta" })).map((n) => n.id)).toEqual([two.id]);
    const copy = await s.caller.notebooks.duplicate({ id: two.id });
    expect(copy.title).toBe("Beta ranking (copy)");
    expect(copy.doc).toEqual(two.doc);
  });
});
