"use client";
import { useState, type FormEvent } from "react";
import type { PublicBackend } from "../../lib/schemas/backend";

export interface BackendFormValues {
  name: string;
  dialect: "sglang" | "sglang-jax";
  baseUrl: string;
  model: string;
  /** undefined = keep the stored key (edit only); "" = none/clear. */
  apiKey: string | undefined;
}

interface Props {
  initial?: PublicBackend;
  submitLabel: string;
  pending: boolean;
  fieldErrors: Record<string, string[]> | null;
  formError: string | null;
  onSubmit: (values: BackendFormValues) => void;
  onCancel?: () => void;
}

function FieldError({ errors, name }: { errors: Record<string, string[]> | null; name: string }) {
  const msgs = errors?.[name] ?? errors?.[`patch.${name}`];
  if (!msgs?.length) return null;
  return (
    <span className="field-error" role="alert" data-testid={`error-${name}`}>
      {msgs.join("; ")}
    </span>
  );
}

export function BackendForm({ initial, submitLabel, pending, fieldErrors, formError, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial?.name ?? "");
  const [dialect, setDialect] = useState<BackendFormValues["dialect"]>(initial?.dialect ?? "sglang");
  const [baseUrl, setBaseUrl] = useState(initial?.baseUrl ?? "");
  const [model, setModel] = useState(initial?.model ?? "");
  const [apiKey, setApiKey] = useState("");
  const [replaceKey, setReplaceKey] = useState(!initial?.apiKeySet);
  const invalid = (f: string) => Boolean(fieldErrors?.[f] ?? fieldErrors?.[`patch.${f}`]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ name, dialect, baseUrl, model, apiKey: replaceKey ? apiKey : undefined });
  };

  return (
    <form onSubmit={submit} className="card" aria-label={initial ? `Edit ${initial.name}` : "Add a backend"}>
      <div className="form-grid">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={invalid("name")} placeholder="e.g. h100-sglang" />
          <FieldError errors={fieldErrors} name="name" />
        </label>
        <label>
          Dialect
          <select name="dialect" value={dialect} onChange={(e) => setDialect(e.target.value as BackendFormValues["dialect"])}>
            <option value="sglang">sglang (PyTorch)</option>
            <option value="sglang-jax">sglang-jax</option>
          </select>
        </label>
        <label>
          Base URL
          <input name="baseUrl" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} aria-invalid={invalid("baseUrl")} placeholder="http://127.0.0.1:30000" />
          <FieldError errors={fieldErrors} name="baseUrl" />
        </label>
        <label>
          Model (optional; sglang-jax requires one per request — defaults to the served model)
          <input name="model" value={model} onChange={(e) => setModel(e.target.value)} aria-invalid={invalid("model")} />
          <FieldError errors={fieldErrors} name="model" />
        </label>
        <label>
          API key (optional; stays on the studio server)
          {replaceKey ? (
            <input name="apiKey" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
          ) : (
            <span>
              set ·{" "}
              <button type="button" onClick={() => setReplaceKey(true)}>
                replace or clear
              </button>
            </span>
          )}
        </label>
      </div>
      {formError && (
        <p className="error-text" role="alert">
          {formError}
        </p>
      )}
      <div className="row-actions" style={{ marginTop: 10 }}>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
