"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../trpc";
import { NotebookWorkspace } from "./NotebookWorkspace";

/** Loads the notebook once (the workspace owns it from then on) and explains a missing or deleted one. */
export function NotebookEditor({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nb = useQuery(trpc.notebooks.get.queryOptions({ id }, { staleTime: Infinity, gcTime: 0, retry: false, refetchOnWindowFocus: false }));
  const restore = useMutation(trpc.notebooks.restore.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.notebooks.get.queryKey({ id }) }) }));

  if (nb.isPending) return <p className="muted">Loading notebook…</p>;
  if (nb.error) {
    const deleted = /deleted/.test(nb.error.message);
    return (
      <div className="empty" role="alert" data-testid="notebook-missing">
        <p>{deleted ? "This notebook was deleted." : `Could not open this notebook: ${nb.error.message}`}</p>
        {deleted && (
          <button type="button" className="primary" onClick={() => restore.mutate({ id })} disabled={restore.isPending}>
            Restore it
          </button>
        )}
        {restore.error && <p className="error-text">{restore.error.message}</p>}
        <p>
          <Link href="/notebooks">All notebooks</Link>
        </p>
      </div>
    );
  }
  return <NotebookWorkspace key={nb.data.id} initial={nb.data} />;
}
