"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../trpc";
import { CopyButton } from "./output/CopyButton";
import { fmtUtc } from "../../../lib/report/format";

const shareUrl = (id: string) => `${window.location.origin}/s/${id}`;

/**
 * "Share" freezes the notebook and its latest outputs under a new unguessable link that opens read-only
 * without any backend; the list below holds this notebook's links, each revocable (a revoked link
 * answers 404). Mount it on the notebook page: `<SharePanel notebookId={id} />`.
 */
export function SharePanel({ notebookId }: { notebookId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.shares.list.queryOptions({ notebookId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.shares.list.queryKey({ notebookId }) });
  const create = useMutation(trpc.shares.create.mutationOptions({ onSuccess: () => void invalidate() }));
  const revoke = useMutation(trpc.shares.revoke.mutationOptions({ onSuccess: () => void invalidate() }));
  const created = create.data;

  return (
    <section className="card" aria-label="Share links">
      <div className="toolbar">
        <button className="primary" onClick={() => create.mutate({ notebookId })} disabled={create.isPending}>
          {create.isPending ? "Sharing…" : "Share"}
        </button>
        <span className="muted">A read-only snapshot of the cells and their latest outputs; it never holds API keys.</span>
      </div>
      {create.error && (
        <p className="error-text" role="alert">
          Could not share: {create.error.message}
        </p>
      )}
      {created && (
        <div className="toolbar" data-testid="new-share">
          <input readOnly value={shareUrl(created.id)} aria-label="Share link" size={60} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={shareUrl(created.id)} label="Copy link" />
        </div>
      )}
      {list.error && <p className="error-text">Could not load this notebook's links: {list.error.message}</p>}
      {list.data && list.data.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th>link</th>
              <th>shared</th>
              <th>state</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id} data-share-id={s.id}>
                <td className="mono">{s.revokedAt ? `/s/${s.id}` : <a href={`/s/${s.id}`}>/s/{s.id}</a>}</td>
                <td>{fmtUtc(s.createdAt)}</td>
                <td>{s.revokedAt ? <span className="badge bad">revoked {fmtUtc(s.revokedAt)}</span> : <span className="badge ok">live</span>}</td>
                <td className="row-actions">
                  {!s.revokedAt && (
                    <button
                      className="danger"
                      disabled={revoke.isPending}
                      onClick={() => {
                        if (window.confirm("Revoke this link? Anyone who opens it will get “not found”.")) revoke.mutate({ notebookId, id: s.id });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.error && <p className="error-text">Could not revoke: {revoke.error.message}</p>}
    </section>
  );
}
