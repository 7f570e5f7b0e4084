import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotebookDoc } from "../../../lib/schemas/notebook";
import { Rng } from "../../../lib/stats/rng";
import { restoreOutput } from "../../../app/s/[id]/restoreOutput";
import { latestOutputs, storeOutputs } from "../../../server/shares/outputs";
import type { OutputWire } from "../../../server/shares/view";
import { generateCell, scoreCell, syntheticGenerateRun, syntheticScoreRun } from "../../fixtures/shares/syntheticRun";
import { withServices } from "../../helpers/services";

type Env = Awaited<ReturnType<typeof withServices>>;

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("share links", () => {
  let t: Env;
  let notebookId: string;
  const rng = new Rng(3);
  const score = scoreCell("s1");
  const gen = generateCell("g1", 16);
  const doc: NotebookDoc = { settings: { backendA: null, backendB: null }, cells: [{ id: "m1", kind: "markdown", source: "# Look here" }, score, gen] };

  beforeAll(async () => {
    t = await withServices();
    const nb = await t.caller.notebooks.create({ title: "Parity check", doc });
    notebookId = nb.id;
    const older = syntheticScoreRun(score, rng);
    await storeOutputs(t.services.db, notebookId, doc.cells, { s1: older });
    await new Promise((r) => setTimeout(r, 5));
    await storeOutputs(t.services.db, notebookId, doc.cells, { s1: { ...older, durationMs: 999 }, g1: syntheticGenerateRun(gen, rng, 16) });
  });
  afterAll(async () => t.close());

  it("freezes the notebook and the latest output of each cell under an unguessable id", async () => {
    const share = await t.caller.shares.create({ notebookId });
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{24}$/); // 18 random bytes = 144 bits
    const other = await t.caller.shares.create({ notebookId });
    expect(other.id).not.toBe(share.id);

    const got = await t.caller.shares.get({ id: share.id });
    expect(got.title).toBe("Parity check");
    const nb = got.snapshot.notebook;
    expect(nb.cells.map((c) => c.id)).toEqual(["m1", "s1", "g1"]);
    expect(Object.keys(nb.outputs ?? {})).toEqual(["s1", "g1"]);
    expect(nb.outputs?.s1?.durationMs).toBe(999);
    // the source notebook's id is an edit capability: a share never reveals it
    expect(JSON.stringify(got)).not.toContain(notebookId);
  });

  it("is immutable: later edits and runs do not reach it", async () => {
    const share = await t.caller.shares.create({ notebookId });
    const nb = await t.caller.notebooks.get({ id: notebookId });
    await t.caller.notebooks.save({ id: notebookId, baseVersion: nb.version, title: "Renamed", doc: { ...doc, cells: doc.cells.slice(1) } });
    await storeOutputs(t.services.db, notebookId, doc.cells, { g1: syntheticGenerateRun(gen, rng, 4) });
    const got = await t.caller.shares.get({ id: share.id });
    expect(got.snapshot.notebook.title).toBe("Parity check");
    expect(got.snapshot.notebook.cells).toHaveLength(3);
    expect(got.snapshot.notebook.outputs?.g1?.a.output?.tokens).toHaveLength(16);
    const back = await t.caller.notebooks.get({ id: notebookId });
    await t.caller.notebooks.save({ id: notebookId, baseVersion: back.version, title: "Parity check", doc });
  });

  it("lists a notebook's shares newest first, and revokes only with the notebook's id", async () => {
    const share = await t.caller.shares.create({ notebookId });
    const list = await t.caller.shares.list({ notebookId });
    expect(list[0]?.id).toBe(share.id);
    expect(list.every((s) => s.revokedAt === null)).toBe(true);

    const stranger = await t.caller.notebooks.create({ title: "Someone else's" });
    expect(await codeOf(t.caller.shares.revoke({ notebookId: stranger.id, id: share.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await t.caller.shares.get({ id: share.id })).id).toBe(share.id);

    const revoked = await t.caller.shares.revoke({ notebookId, id: share.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await t.caller.shares.revoke({ notebookId, id: share.id })).toEqual(revoked); // idempotent
    expect((await t.caller.shares.list({ notebookId })).find((s) => s.id === share.id)?.revokedAt).toBe(revoked.revokedAt);
    expect(await codeOf(t.caller.shares.get({ id: share.id }))).toEqual({ code: "NOT_FOUND", message: "this share link was revoked by its owner; ask them for a new one" });
    expect(await codeOf(t.caller.shares.fork({ id: share.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("serves the page's view of a share from memory, and a revoked one no more", async () => {
    const share = await t.caller.shares.create({ notebookId });
    const snapshot = (await t.caller.shares.get({ id: share.id })).snapshot.notebook;
    const view = await t.caller.shares.view({ id: share.id });
    expect(view).toMatchObject({ id: share.id, title: "Parity check", cells: snapshot.cells });
    for (const [cellId, wire] of Object.entries(view.outputs)) {
      expect(restoreOutput(JSON.parse(wire) as OutputWire)).toEqual(snapshot.outputs?.[cellId]);
    }
    expect(await t.caller.shares.view({ id: share.id })).toBe(view); // prepared once
    await t.caller.shares.revoke({ notebookId, id: share.id });
    expect(await codeOf(t.caller.shares.view({ id: share.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers NOT_FOUND for an unknown id and BAD_REQUEST for one that cannot be an id", async () => {
    expect(await codeOf(t.caller.shares.get({ id: "AAAAAAAAAAAAAAAAAAAAAAAA" }))).toEqual({
      code: "NOT_FOUND",
      message: "there is no shared notebook at this link; check that the whole link was copied",
    });
    expect(await codeOf(t.caller.shares.get({ id: "../etc/passwd" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await codeOf(t.caller.shares.fork({ id: "nope" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses to share a deleted or unknown notebook", async () => {
    const nb = await t.caller.notebooks.create({ title: "Soon gone" });
    await t.caller.notebooks.delete({ id: nb.id });
    expect(await codeOf(t.caller.shares.create({ notebookId: nb.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await codeOf(t.caller.shares.create({ notebookId: "missing" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("forks into a new editable notebook that opens with the snapshot's outputs", async () => {
    const share = await t.caller.shares.create({ notebookId });
    const snapshot = (await t.caller.shares.get({ id: share.id })).snapshot.notebook;
    const fork = await t.caller.shares.fork({ id: share.id });
    expect(fork.id).not.toBe(notebookId);
    expect(fork.title).toBe("Parity check (fork)");
    const nb = await t.caller.notebooks.get({ id: fork.id });
    expect(nb.doc.cells).toEqual(snapshot.cells);
    expect(await latestOutputs(t.services.db, fork.id, nb.doc.cells)).toEqual(snapshot.outputs);
    // the fork is the forker's: editing it leaves the share and the source alone
    const saved = await t.caller.notebooks.save({ id: fork.id, baseVersion: nb.version, title: "Mine", doc: { ...nb.doc, cells: [] } });
    expect(saved.ok).toBe(true);
    expect((await t.caller.shares.get({ id: share.id })).snapshot.notebook.cells).toHaveLength(3);
    expect((await t.caller.notebooks.get({ id: notebookId })).doc.cells).toHaveLength(3);
  });

  it("leaves out an output whose cell changed kind since it ran", async () => {
    const nb = await t.caller.notebooks.create({ title: "Switched", doc: { settings: { backendA: null, backendB: null }, cells: [score] } });
    await storeOutputs(t.services.db, nb.id, [score], { s1: syntheticScoreRun(score, rng) });
    await t.caller.notebooks.save({ id: nb.id, baseVersion: nb.version, title: "Switched", doc: { ...nb.doc, cells: [{ ...gen, id: "s1" }] } });
    const share = await t.caller.shares.create({ notebookId: nb.id });
    expect((await t.caller.shares.get({ id: share.id })).snapshot.notebook.outputs).toEqual({});
  });
});
