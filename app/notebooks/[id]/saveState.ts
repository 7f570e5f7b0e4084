import type { NotebookDoc } from "../../../lib/schemas/notebook";
import { assertNever } from "../../../lib/parity/assertNever";

/**
 * Autosave as one pure transition (STYLE habit 5): what the server has confirmed (`base`), what the
 * user has now (`local`), and where the two stand. Every edit bumps `localRev`; a save confirms the rev
 * it sent, so edits made while a save is in flight are never taken for saved.
 */

export interface NotebookContent {
  title: string;
  doc: NotebookDoc;
}

/** A notebook as the server sends it (NotebookRecord, as seen by the browser). */
export interface ServerNotebook extends NotebookContent {
  id: string;
  version: number;
  updatedAt: string;
  deletedAt: string | null;
}

export type SavePhase =
  | "idle" // nothing going on (saved, or waiting for the debounce)
  | "saving"
  | "offline" // the server could not be reached; retried, and the draft is kept locally
  | "invalid" // the server refused the content (a field is not valid); kept locally until fixed
  | "conflict" // someone else saved first: the user chooses
  | "deleted"; // deleted in another tab: the user chooses

export interface SaveState {
  base: ServerNotebook;
  local: NotebookContent;
  localRev: number;
  savedRev: number;
  inflightRev: number | null;
  phase: SavePhase;
  /** The stored version the server handed back with a conflict (null when it was removed for good). */
  theirs: ServerNotebook | null;
  message: string | null;
}

export type SaveAction =
  | { type: "edit"; content: NotebookContent }
  /** An edit expressed against the newest local content (two edits between renders both land). */
  | { type: "update"; change: (c: NotebookContent) => NotebookContent }
  | { type: "save-started"; rev: number }
  | { type: "saved"; rev: number; notebook: ServerNotebook }
  | { type: "conflict"; rev: number; kind: "stale" | "deleted"; current: ServerNotebook | null }
  | { type: "save-failed"; rev: number; offline: boolean; message: string }
  /** Take theirs: the stored version becomes the local one. */
  | { type: "take"; notebook: ServerNotebook }
  /** Keep mine: build on the stored version (the next save overwrites it with the local content). */
  | { type: "rebase"; notebook: ServerNotebook }
  /** A local draft older than the stored version: the user picks, as in a conflict. */
  | { type: "draft-conflict"; content: NotebookContent; current: ServerNotebook };

export function initialSaveState(notebook: ServerNotebook): SaveState {
  return {
    base: notebook,
    local: { title: notebook.title, doc: notebook.doc },
    localRev: 0,
    savedRev: 0,
    inflightRev: null,
    phase: "idle",
    theirs: null,
    message: null,
  };
}

export function hasUnsaved(s: SaveState): boolean {
  return s.localRev > s.savedRev;
}

/** A save may start: something is unsaved, nothing is in flight, and no choice is pending. */
export function canSave(s: SaveState): boolean {
  return hasUnsaved(s) && s.inflightRev === null && s.phase !== "conflict" && s.phase !== "deleted";
}

export function saveReducer(s: SaveState, a: SaveAction): SaveState {
  switch (a.type) {
    case "edit":
      return {
        ...s,
        local: a.content,
        localRev: s.localRev + 1,
        // a new edit may fix what the server refused; offline stays until a save gets through
        phase: s.phase === "invalid" ? "idle" : s.phase,
        message: s.phase === "invalid" ? null : s.message,
      };
    case "update":
      return saveReducer(s, { type: "edit", content: a.change(s.local) });
    case "save-started":
      return { ...s, inflightRev: a.rev, phase: s.phase === "offline" ? "offline" : "saving" };
    case "saved":
      return { ...s, base: a.notebook, savedRev: Math.max(s.savedRev, a.rev), inflightRev: null, phase: "idle", message: null };
    case "conflict":
      return { ...s, inflightRev: null, phase: a.kind === "stale" ? "conflict" : "deleted", theirs: a.current, message: null };
    case "save-failed":
      return { ...s, inflightRev: null, phase: a.offline ? "offline" : "invalid", message: a.message };
    case "take":
      return {
        ...s,
        base: a.notebook,
        local: { title: a.notebook.title, doc: a.notebook.doc },
        localRev: s.localRev + 1,
        savedRev: s.localRev + 1,
        phase: "idle",
        theirs: null,
        message: null,
      };
    case "rebase":
      // bump localRev so the local content counts as unsaved against the new base and gets saved
      return { ...s, base: a.notebook, localRev: s.localRev + 1, phase: "idle", theirs: null, message: null };
    case "draft-conflict":
      return { ...s, local: a.content, localRev: s.localRev + 1, phase: "conflict", theirs: a.current, message: null };
    default:
      return assertNever(a);
  }
}

export type SaveLabel = "Saved" | "Saving…" | "Unsaved changes" | "Offline — kept locally" | "Not saved — fix the cell" | "Conflict" | "Deleted elsewhere";

export function saveLabel(s: SaveState): SaveLabel {
  switch (s.phase) {
    case "conflict":
      return "Conflict";
    case "deleted":
      return "Deleted elsewhere";
    case "offline":
      return "Offline — kept locally";
    case "invalid":
      return "Not saved — fix the cell";
    case "saving":
      return "Saving…";
    case "idle":
      return hasUnsaved(s) ? "Unsaved changes" : "Saved";
    default:
      return assertNever(s.phase);
  }
}
