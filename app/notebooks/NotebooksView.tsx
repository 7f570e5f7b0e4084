"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { useTRPC, useTRPCClient } from "../trpc";
import { DeletedNotebooks } from "./DeletedNotebooks";
import { NotebookListRow } from "./NotebookListRow";
import "./[id]/notebook.css";

/** All notebooks, last changed first: create, open, search by title, rename, duplicate, delete with undo. */
export function NotebooksView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim());
  // never show a cached list: a notebook edited a moment ago must already be in its place
  const list = useQuery(trpc.notebooks.list.queryOptions(query ? { search: query } : {}, { gcTime: 0, staleTime: 0, placeholderData: (prev) => prev }));
  const [undo, setUndo] = useState<{ id: string; title: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notebooks.list.queryKey() });

  const create = useMutation(trpc.notebooks.create.mutationOptions({ onSuccess: (nb) => router.push(`/notebooks/${nb.id}`) }));
  const attempt = (what: string, f: () => Promise<unknown>) => async () => {
    setError(null);
    try {
      await f();
    } catch (err) {
      setError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    await refresh();
  };

  const rename = async (id: string, title: string) => {
    const nb = await client.notebooks.get.query({ id });
    const out = await client.notebooks.save.mutate({ id, baseVersion: nb.version, title, doc: nb.doc });
    if (!out.ok) throw new Error("the notebook changed at the same moment; try again");
    await refresh();
  };

  return (
    <div>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => create.mutate({})} disabled={create.isPending} data-testid="new-notebook">
          New notebook
        </button>
        <input type="search" placeholder="Search by title" aria-label="Search notebooks by title" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {create.error && <p className="error-text">Could not create a notebook: {create.error.message}</p>}
      {error && <p className="error-text" role="alert">{error}</p>}
      {undo && (
        <div className="nb-undo" role="status" data-testid="undo-bar">
          <span>Deleted “{undo.title}”.</span>
          <button type="button" className="primary" onClick={attempt("Restore", async () => { await client.notebooks.restore.mutate({ id: undo.id }); setUndo(null); })}>
            Undo
          </button>
          <button type="button" onClick={() => setUndo(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {list.error && <p className="error-text">Could not load notebooks: {list.error.message}</p>}
      {list.data?.length === 0 && (
        <div className="empty">
          {query ? `No notebook has “${query}” in its title.` : "No notebooks yet. A notebook holds cells that send the same scoring or generation request to two backends at once and show, token by token, where their logprobs differ."}
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <table className="data" data-testid="notebooks-table">
          <thead>
            <tr>
              <th>Title</th>
              <th title="Cells in the notebook, markdown included">Cells</th>
              <th>Last change</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((n) => (
              <NotebookListRow
                key={n.id}
                notebook={n}
                onRename={(title) => rename(n.id, title)}
                onDuplicate={attempt("Duplicate", () => client.notebooks.duplicate.mutate({ id: n.id }))}
                onDelete={attempt("Delete", async () => {
                  await client.notebooks.delete.mutate({ id: n.id });
                  setUndo({ id: n.id, title: n.title });
                })}
              />
            ))}
          </tbody>
        </table>
      )}
      <DeletedNotebooks onRestore={(id) => void attempt("Restore", () => client.notebooks.restore.mutate({ id }))()} />
    </div>
  );
}
