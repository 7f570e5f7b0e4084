"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/** The server's identity, read on demand from the dialect's own info endpoints. */
export function IdentityPanel({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.backends.identity.queryOptions({ id }), staleTime: 0 });
  if (q.isPending) return <p className="muted">Reading server info…</p>;
  if (q.error) return <p className="error-text">{q.error.message}</p>;
  const idn = q.data;
  return (
    <div data-testid="identity">
      <dl className="kv">
        <dt>version</dt>
        <dd>{idn.version ?? "—"}</dd>
        <dt>model path</dt>
        <dd>{idn.modelPath ?? "—"}</dd>
        <dt>served model</dt>
        <dd>{idn.servedModel ?? "—"}</dd>
        <dt>dtype</dt>
        <dd>{idn.dtype ?? "—"}</dd>
        <dt title="Longest prompt + output the server accepts, in tokens">max model len</dt>
        <dd>{idn.maxModelLen ?? "—"}</dd>
        {Object.entries(idn.flags).map(([k, v]) => (
          <FlagRow key={k} name={k} value={v} />
        ))}
      </dl>
      {idn.isReferenceEngine && <p className="muted">This is Studio&apos;s embedded reference engine, not a real SGLang server.</p>}
      {idn.errors.length > 0 && (
        <ul className="error-text">
          {idn.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <p className="muted">read at {new Date(idn.fetchedAt).toLocaleTimeString()}</p>
    </div>
  );
}

function FlagRow({ name, value }: { name: string; value: string | number | boolean | null }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value === null ? "—" : String(value)}</dd>
    </>
  );
}
