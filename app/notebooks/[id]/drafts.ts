import type { NotebookContent } from "./saveState";

/**
 * Local drafts: the content a tab has not yet had confirmed by the server, kept in localStorage so
 * a reload, a closed tab or a crashed server loses nothing. One key per notebook and tab (two tabs in
 * one browser never overwrite each other's draft); removed once the server confirms.
 */

export interface Draft extends NotebookContent {
  key: string;
  notebookId: string;
  baseVersion: number;
  savedAt: string;
}

const PREFIX = "sglang-studio.draft.";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy mode): drafts are simply not kept
  }
}

/** This tab's id, stable across reloads of the tab (sessionStorage), new in a new tab. */
export function tabId(): string {
  const key = "sglang-studio.tab";
  try {
    const existing = window.sessionStorage.getItem(key);
    if (existing) return existing;
    const id = Math.random().toString(36).slice(2, 10);
    window.sessionStorage.setItem(key, id);
    return id;
  } catch {
    return "tab";
  }
}

export function draftKey(notebookId: string, tab: string): string {
  return `${PREFIX}${notebookId}.${tab}`;
}

export function writeDraft(key: string, notebookId: string, baseVersion: number, content: NotebookContent, savedAt = new Date().toISOString()): void {
  const d: Draft = { key, notebookId, baseVersion, savedAt, title: content.title, doc: content.doc };
  try {
    storage()?.setItem(key, JSON.stringify(d));
  } catch {
    // quota exceeded: the server copy is still the fallback; nothing else to do here
  }
}

export function removeDraft(key: string): void {
  storage()?.removeItem(key);
}

/** Every draft this browser holds for a notebook, newest first. */
export function readDrafts(notebookId: string): Draft[] {
  const s = storage();
  if (!s) return [];
  const out: Draft[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(`${PREFIX}${notebookId}.`)) continue;
    try {
      const d = JSON.parse(s.getItem(key) ?? "") as Draft;
      if (d && typeof d.baseVersion === "number" && d.doc && typeof d.title === "string") out.push({ ...d, key });
    } catch {
      s.removeItem(key); // unreadable: it cannot be restored anyway
    }
  }
  return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
