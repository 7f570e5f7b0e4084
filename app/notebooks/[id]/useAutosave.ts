"use client";
import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { NotebookDoc, NotebookTitle } from "../../../lib/schemas/notebook";
import { describeIssue } from "../../../lib/schemas/notebookFile";
import { useTRPCClient } from "../../trpc";
import { draftKey, readDrafts, removeDraft, tabId, writeDraft, type Draft } from "./drafts";
import { canSave, hasUnsaved, initialSaveState, saveReducer, type NotebookContent, type ServerNotebook } from "./saveState";

const DEBOUNCE_MS = 800;
const RETRY_MAX_MS = 15_000;

const sameContent = (a: NotebookContent, b: NotebookContent) => a.title === b.title && JSON.stringify(a.doc) === JSON.stringify(b.doc);

function localProblem(content: NotebookContent): string | null {
  const title = NotebookTitle.safeParse(content.title);
  if (!title.success) return describeIssue(title.error, "title");
  const doc = NotebookDoc.safeParse(content.doc);
  return doc.success ? null : describeIssue(doc.error);
}

function isUnreachable(err: unknown): boolean {
  // No tRPC error code: the request never got an answer from the studio (down, restarting, offline).
  // An answer with a code (even a server error) is shown as it is, not retried as if offline.
  return !(err instanceof TRPCClientError) || !err.data?.code;
}

/**
 * Edits save by themselves (debounced) with versioned writes, and a local draft is kept until the server
 * confirms, so nothing is lost to a reload, a closed tab or a server crash. A stale or deleted-elsewhere
 * save stops autosave and hands the choice to the user.
 */
export function useAutosave(initial: ServerNotebook) {
  const client = useTRPCClient();
  const [state, dispatch] = useReducer(saveReducer, initial, initialSaveState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const keyRef = useRef<string | null>(null);
  const failures = useRef(0);
  const [draftOffer, setDraftOffer] = useState<Draft | null>(null);
  const id = initial.id;

  // Drafts left by an earlier visit (a reload, a crash): offer the newest one that differs from the server's.
  // Once per notebook: later, this tab's own draft is the live one, not something to offer.
  const initialRef = useRef(initial);
  useEffect(() => {
    const server = initialRef.current;
    keyRef.current = draftKey(id, tabId());
    const drafts = readDrafts(id);
    for (const d of drafts) if (sameContent(d, server)) removeDraft(d.key);
    const offer = drafts.find((d) => d.baseVersion <= server.version && !sameContent(d, server)) ?? null;
    if (offer && offer.key === keyRef.current) {
      // this tab's draft from before the reload: move it aside so new edits do not overwrite it
      const aside = `${offer.key}.earlier`;
      writeDraft(aside, id, offer.baseVersion, { title: offer.title, doc: offer.doc }, offer.savedAt);
      removeDraft(offer.key);
      offer.key = aside;
    }
    setDraftOffer(offer);
  }, [id]);

  // The draft mirrors unsaved content; it goes once the server has confirmed everything.
  useEffect(() => {
    const key = keyRef.current;
    if (!key) return;
    if (hasUnsaved(state)) writeDraft(key, id, state.base.version, state.local);
    else if (state.localRev > 0) removeDraft(key); // confirmed by the server (or replaced by theirs)
  }, [id, state]);

  const save = useCallback(async () => {
    const s = stateRef.current;
    if (!canSave(s)) return;
    const rev = s.localRev;
    const problem = localProblem(s.local);
    if (problem) {
      dispatch({ type: "save-failed", rev, offline: false, message: problem });
      return;
    }
    dispatch({ type: "save-started", rev });
    try {
      const out = await client.notebooks.save.mutate({ id, baseVersion: s.base.version, title: s.local.title, doc: s.local.doc });
      failures.current = 0;
      if (out.ok) dispatch({ type: "saved", rev, notebook: out.notebook });
      else dispatch({ type: "conflict", rev, kind: out.conflict, current: out.current });
    } catch (err) {
      const offline = isUnreachable(err);
      if (offline) failures.current++;
      dispatch({ type: "save-failed", rev, offline, message: err instanceof Error ? err.message : String(err) });
    }
  }, [client, id]);

  useEffect(() => {
    if (!canSave(state) || state.phase === "invalid") return;
    const delay = state.phase === "offline" ? Math.min(RETRY_MAX_MS, 1000 * 2 ** failures.current) : DEBOUNCE_MS;
    const timer = setTimeout(() => void save(), delay);
    return () => clearTimeout(timer);
  }, [state, save]);

  useEffect(() => {
    const retry = () => void save();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [save]);

  const edit = useCallback((change: (c: NotebookContent) => NotebookContent) => dispatch({ type: "update", change }), []);

  const copyOfMine = async (suffix: string) => {
    const mine = stateRef.current.local;
    return client.notebooks.create.mutate({ title: `${mine.title} (${suffix})`.slice(0, 200), doc: mine.doc });
  };

  return {
    state,
    edit,
    draftOffer,
    restoreDraft(d: Draft) {
      const content = { title: d.title, doc: d.doc };
      if (d.baseVersion === stateRef.current.base.version) dispatch({ type: "edit", content });
      else dispatch({ type: "draft-conflict", content, current: stateRef.current.base });
      if (d.key !== keyRef.current) removeDraft(d.key);
      setDraftOffer(null);
    },
    discardDraft(d: Draft) {
      removeDraft(d.key);
      setDraftOffer(null);
    },
    keepMine() {
      const theirs = stateRef.current.theirs;
      if (theirs) dispatch({ type: "rebase", notebook: theirs });
    },
    takeTheirs() {
      const theirs = stateRef.current.theirs;
      if (theirs) dispatch({ type: "take", notebook: theirs });
    },
    /** Saves the local version as a new notebook, then takes the stored one here: both are kept. */
    async saveMineAsCopy(): Promise<{ id: string; title: string }> {
      const created = await copyOfMine("my version");
      const theirs = stateRef.current.theirs;
      if (theirs) dispatch({ type: "take", notebook: theirs });
      return { id: created.id, title: created.title };
    },
    /** Deleted elsewhere: bring it back, then save the local version on top. */
    async restoreDeleted() {
      const restored = await client.notebooks.restore.mutate({ id });
      dispatch({ type: "rebase", notebook: restored });
    },
    async saveAsNew(): Promise<string> {
      const created = await copyOfMine("restored copy");
      if (keyRef.current) removeDraft(keyRef.current);
      return created.id;
    },
  };
}
