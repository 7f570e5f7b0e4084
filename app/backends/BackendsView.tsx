"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import type { PublicBackend } from "../../lib/schemas/backend";
import { useTRPC } from "../trpc";
import { BackendForm, type BackendFormValues } from "./BackendForm";
import { HealthBadge } from "./HealthBadge";
import { IdentityPanel } from "./IdentityPanel";
import { useHealth } from "./useHealth";

type MutationError = { message: string; data?: { fieldErrors?: Record<string, string[]> | null } | null } | null;

function fieldErrorsOf(err: MutationError) {
  return err?.data?.fieldErrors ?? null;
}
function formErrorOf(err: MutationError) {
  return err && !err.data?.fieldErrors ? err.message : null;
}

const SOURCE_LABEL: Record<PublicBackend["source"], string> = {
  user: "added here",
  config: "from config",
  reference: "reference engine",
};

export function BackendsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.backends.list.queryOptions());
  const health = useHealth();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.backends.list.queryKey() });
  useSubscription(trpc.backends.changes.subscriptionOptions(undefined, { onData: () => void invalidate() }));

  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [showIdentity, setShowIdentity] = useState<Record<string, boolean>>({});

  const create = useMutation(trpc.backends.create.mutationOptions({ onSuccess: () => { setAdding(false); void invalidate(); } }));
  const update = useMutation(trpc.backends.update.mutationOptions({ onSuccess: () => { setEditing(null); void invalidate(); } }));
  const remove = useMutation(trpc.backends.remove.mutationOptions({ onSuccess: () => void invalidate() }));
  const checkNow = useMutation(trpc.backends.checkNow.mutationOptions());

  const toInput = (v: BackendFormValues) => ({ name: v.name, dialect: v.dialect, baseUrl: v.baseUrl, model: v.model || null });

  return (
    <div>
      <div className="toolbar">
        <button className="primary" onClick={() => { create.reset(); setAdding(true); }} disabled={adding}>
          Add backend
        </button>
        <span className="muted">Health is checked every few seconds and pushed to this page.</span>
      </div>
      {adding && (
        <BackendForm
          submitLabel="Add backend"
          pending={create.isPending}
          fieldErrors={fieldErrorsOf(create.error as MutationError)}
          formError={formErrorOf(create.error as MutationError)}
          onSubmit={(v) => create.mutate({ ...toInput(v), apiKey: v.apiKey || null })}
          onCancel={() => setAdding(false)}
        />
      )}
      {list.error && <p className="error-text">Could not load backends: {list.error.message}</p>}
      {list.data?.length === 0 && (
        <div className="empty">No backends. Add one, or restart the studio with none configured to get the two embedded reference engines.</div>
      )}
      {list.data && list.data.length > 0 && (
        <table className="data" data-testid="backends-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Dialect</th>
              <th>Base URL</th>
              <th>Model</th>
              <th>API key</th>
              <th>Health</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) =>
              editing === b.id ? (
                <tr key={b.id}>
                  <td colSpan={7}>
                    <BackendForm
                      initial={b}
                      submitLabel="Save"
                      pending={update.isPending}
                      fieldErrors={fieldErrorsOf(update.error as MutationError)}
                      formError={formErrorOf(update.error as MutationError)}
                      onSubmit={(v) => update.mutate({ id: b.id, patch: { ...toInput(v), ...(v.apiKey === undefined ? {} : { apiKey: v.apiKey || null }) } })}
                      onCancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <BackendRow
                  key={b.id}
                  backend={b}
                  health={health.byId[b.id]}
                  identityOpen={Boolean(showIdentity[b.id])}
                  onToggleIdentity={() => setShowIdentity((s) => ({ ...s, [b.id]: !s[b.id] }))}
                  onEdit={() => { update.reset(); setEditing(b.id); }}
                  onRemove={() => { if (window.confirm(`Remove backend "${b.name}"?`)) remove.mutate({ id: b.id }); }}
                  onCheck={() => checkNow.mutate({ id: b.id })}
                />
              ),
            )}
          </tbody>
        </table>
      )}
      {remove.error && <p className="error-text" role="alert">{remove.error.message}</p>}
    </div>
  );
}

interface RowProps {
  backend: PublicBackend;
  health: Parameters<typeof HealthBadge>[0]["status"];
  identityOpen: boolean;
  onToggleIdentity: () => void;
  onEdit: () => void;
  onRemove: () => void;
  onCheck: () => void;
}

function BackendRow({ backend: b, health, identityOpen, onToggleIdentity, onEdit, onRemove, onCheck }: RowProps) {
  const editable = b.source === "user";
  return (
    <>
      <tr data-testid="backend-row" data-name={b.name}>
        <td>
          <strong>{b.name}</strong>{" "}
          <span className={`badge ${b.source === "reference" ? "ref" : "unknown"}`}>{SOURCE_LABEL[b.source]}</span>
        </td>
        <td>{b.dialect}</td>
        <td className="mono">{b.baseUrl}</td>
        <td className="mono">{b.model ?? <span className="muted">served model</span>}</td>
        <td>{b.apiKeySet ? "set" : <span className="muted">none</span>}</td>
        <td>
          <HealthBadge status={health} />
        </td>
        <td>
          <div className="row-actions">
            <button onClick={onToggleIdentity} aria-expanded={identityOpen}>
              {identityOpen ? "Hide identity" : "Identity"}
            </button>
            <button onClick={onCheck}>Check now</button>
            {editable && <button onClick={onEdit}>Edit</button>}
            {b.source !== "config" && (
              <button className="danger" onClick={onRemove}>
                Remove
              </button>
            )}
          </div>
        </td>
      </tr>
      {identityOpen && (
        <tr>
          <td colSpan={7}>
            <IdentityPanel id={b.id} />
          </td>
        </tr>
      )}
    </>
  );
}
