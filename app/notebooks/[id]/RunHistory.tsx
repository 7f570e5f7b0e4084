"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "../../trpc";
import type { StoredRunView } from "./cellRuntime";
import { DEFINITIONS } from "./output/definitions";
import { fmtMs } from "./output/format";


/** Earlier runs of a cell, newest first; picking one shows it under the cell. */
export function RunHistory({ notebookId, cellId, shownId, onShow }: { notebookId: string; cellId: string; shownId: string | null; onShow(run: StoredRunView, latest: boolean): void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runs = useQuery(trpc.cells.runs.queryOptions({ notebookId, cellId }, { enabled: open, staleTime: 0 }));

  const pick = async (runId: string, latest: boolean) => {
    setError(null);
    try {
      const run = await client.cells.getRun.query({ runId });
      onShow({ id: run.id, createdAt: run.createdAt, result: run.result }, latest);
      setOpen(false);
    } catch (err) {
      setError(`Could not load that run: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <div className="nb-history">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="history-button">
        History
      </button>
      {open && (
        <div className="nb-history-list" role="menu" aria-label="Earlier runs of this cell" data-testid="history-list">
          {runs.isPending && <p className="muted">Loading…</p>}
          {runs.error && <p className="error-text">Could not load the history: {runs.error.message}</p>}
          {runs.data?.length === 0 && <p className="muted">No runs yet.</p>}
          {runs.data?.map((r, i) => (
            <button key={r.id} type="button" role="menuitem" className={r.id === shownId ? "current" : undefined} onClick={() => void pick(r.id, i === 0)} data-testid="history-item">
              <span>{new Date(r.createdAt).toLocaleString()}</span>
              <span className={`badge ${r.status === "ok" ? "ok" : r.status === "partial" ? "ref" : "bad"}`}>{r.status}</span>
              <span>
                {r.rule}: {r.verdict ?? "no verdict"}
              </span>
              <span className="muted" title={DEFINITIONS.latency}>
                A {fmtMs(r.latencyMs.a)} · B {fmtMs(r.latencyMs.b)}
              </span>
              {r.error && <span className="error-text">{r.error}</span>}
            </button>
          ))}
          {error && <p className="error-text">{error}</p>}
        </div>
      )}
    </div>
  );
}
