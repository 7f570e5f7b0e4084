import { describe, expect, it } from "vitest";
import { canSave, hasUnsaved, initialSaveState, saveLabel, saveReducer, type SaveAction, type SaveState, type ServerNotebook } from "../../../app/notebooks/[id]/saveState";

const nb = (version: number, title = "t", cells = 0): ServerNotebook => ({
  id: "nb1",
  version,
  title,
  updatedAt: "2026-01-01T00:00:00.000Z",
  deletedAt: null,
  doc: { settings: { backendA: null, backendB: null }, cells: Array.from({ length: cells }, (_, i) => ({ id: `m${i}`, kind: "markdown" as const, source: "" })) },
});
const run = (s: SaveState, ...actions: SaveAction[]) => actions.reduce(saveReducer, s);
const edit = (title: string): SaveAction => ({ type: "edit", content: { title, doc: nb(1).doc } });

describe("autosave transitions", () => {
  it("starts saved; an edit is unsaved until the save of that rev is confirmed", () => {
    const s0 = initialSaveState(nb(1));
    expect(saveLabel(s0)).toBe("Saved");
    const s1 = run(s0, edit("a"));
    expect(saveLabel(s1)).toBe("Unsaved changes");
    expect(canSave(s1)).toBe(true);
    const s2 = run(s1, { type: "save-started", rev: 1 });
    expect(saveLabel(s2)).toBe("Saving…");
    expect(canSave(s2)).toBe(false);
    const s3 = run(s2, { type: "saved", rev: 1, notebook: nb(2, "a") });
    expect(saveLabel(s3)).toBe("Saved");
    expect(s3.base.version).toBe(2);
  });

  it("an edit made while a save is in flight stays unsaved after that save lands", () => {
    const s = run(initialSaveState(nb(1)), edit("a"), { type: "save-started", rev: 1 }, edit("ab"), { type: "saved", rev: 1, notebook: nb(2, "a") });
    expect(hasUnsaved(s)).toBe(true);
    expect(s.local.title).toBe("ab");
    expect(canSave(s)).toBe(true);
  });

  it("a stale save pauses autosave with the stored version; keep mine rebases, take theirs replaces", () => {
    const conflicted = run(initialSaveState(nb(1)), edit("mine"), { type: "save-started", rev: 1 }, { type: "conflict", rev: 1, kind: "stale", current: nb(3, "theirs", 2) });
    expect(saveLabel(conflicted)).toBe("Conflict");
    expect(canSave(conflicted)).toBe(false);
    expect(conflicted.local.title).toBe("mine"); // nothing thrown away
    expect(conflicted.theirs?.title).toBe("theirs");

    const kept = run(conflicted, { type: "rebase", notebook: nb(3, "theirs", 2) });
    expect(kept.base.version).toBe(3);
    expect(kept.local.title).toBe("mine");
    expect(canSave(kept)).toBe(true);

    const taken = run(conflicted, { type: "take", notebook: nb(3, "theirs", 2) });
    expect(taken.local.title).toBe("theirs");
    expect(taken.local.doc.cells).toHaveLength(2);
    expect(saveLabel(taken)).toBe("Saved");
  });

  it("offline keeps the edit unsaved and retryable; a refused save waits for the next edit", () => {
    const offline = run(initialSaveState(nb(1)), edit("a"), { type: "save-started", rev: 1 }, { type: "save-failed", rev: 1, offline: true, message: "fetch failed" });
    expect(saveLabel(offline)).toBe("Offline — kept locally");
    expect(canSave(offline)).toBe(true);
    const refused = run(initialSaveState(nb(1)), edit(""), { type: "save-failed", rev: 1, offline: false, message: "title: the title is empty" });
    expect(saveLabel(refused)).toBe("Not saved — fix the cell");
    expect(refused.message).toMatch(/title is empty/);
    expect(saveLabel(run(refused, edit("fixed")))).toBe("Unsaved changes");
  });

  it("deleted elsewhere is its own state; an old draft opens as a conflict", () => {
    const deleted = run(initialSaveState(nb(1)), edit("a"), { type: "save-started", rev: 1 }, { type: "conflict", rev: 1, kind: "deleted", current: null });
    expect(saveLabel(deleted)).toBe("Deleted elsewhere");
    expect(canSave(deleted)).toBe(false);
    const draft = run(initialSaveState(nb(5)), { type: "draft-conflict", content: { title: "draft", doc: nb(1).doc }, current: nb(5) });
    expect(draft.phase).toBe("conflict");
    expect(draft.local.title).toBe("draft");
    expect(draft.theirs?.version).toBe(5);
  });
});
