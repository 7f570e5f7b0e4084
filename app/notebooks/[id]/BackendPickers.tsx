"use client";
import { useQuery } from "@tanstack/react-query";
import type { PublicBackend } from "../../../lib/schemas/backend";
import type { NotebookSettings } from "../../../lib/schemas/notebook";
import { HealthBadge } from "../../backends/HealthBadge";
import { useHealth } from "../../backends/useHealth";
import { useTRPC } from "../../trpc";
import Link from "next/link";

/** The backends a run would use: the chosen ids, or for "automatic" the first ones in the list (as the server picks). */
function effective(settings: NotebookSettings, list: PublicBackend[]): { a: PublicBackend | null; b: PublicBackend | null } {
  const byId = (id: string | null) => (id === null ? null : (list.find((b) => b.id === id) ?? null));
  const a = settings.backendA !== null ? byId(settings.backendA) : (list.find((b) => b.id !== settings.backendB) ?? null);
  const b = settings.backendB !== null ? byId(settings.backendB) : (list.find((x) => x.id !== a?.id) ?? null);
  return { a, b };
}

/** Backend A and B of the notebook, with each one's live health. */
export function BackendPickers({ settings, onChange }: { settings: NotebookSettings; onChange(patch: Partial<NotebookSettings>): void }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.backends.list.queryOptions());
  const health = useHealth();
  const backends = list.data ?? [];
  const eff = effective(settings, backends);

  const picker = (side: "A" | "B", key: "backendA" | "backendB", chosen: PublicBackend | null) => {
    const value = settings[key];
    const missing = value !== null && !backends.some((b) => b.id === value);
    return (
      <div className="nb-backend" data-testid={`backend-${side.toLowerCase()}`}>
        <label>
          Backend {side}
          <select value={value ?? ""} onChange={(e) => onChange({ [key]: e.target.value === "" ? null : e.target.value })} aria-invalid={missing}>
            <option value="">Automatic{chosen && value === null ? ` (${chosen.name})` : ""}</option>
            {backends.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} · {b.dialect}
              </option>
            ))}
            {missing && <option value={value}>missing backend ({value})</option>}
          </select>
        </label>
        {chosen && <HealthBadge status={health.byId[chosen.id]} />}
        {chosen?.source === "reference" && <span className="badge ref" title="The studio's own small deterministic engine, not a real SGLang server.">reference engine</span>}
        {missing && <span className="error-text">This backend no longer exists; pick another.</span>}
      </div>
    );
  };

  return (
    <div className="nb-backends" aria-label="Backends compared">
      {picker("A", "backendA", eff.a)}
      {picker("B", "backendB", eff.b)}
      {list.error && <p className="error-text">Could not load backends: {list.error.message}</p>}
      {list.data && backends.length < 2 && (settings.backendA === null || settings.backendB === null) && (
        <p className="error-text">
          A cell compares two backends; {backends.length === 0 ? "none is" : "only one is"} configured. Add one on the <Link href="/backends">Backends</Link> page, or pick the same backend for A and B.
        </p>
      )}
    </div>
  );
}
