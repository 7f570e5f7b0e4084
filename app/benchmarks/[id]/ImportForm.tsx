"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../trpc";
import styles from "../benchmarks.module.css";

/** Import a `python -m sglang.bench_serving` JSONL or `vllm bench serve --save-result` JSON into this benchmark's history. */
export function ImportForm({ benchmarkId, backends, onDone }: { benchmarkId: string; backends: string[]; onDone(): void }) {
  const trpc = useTRPC();
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [backend, setBackend] = useState(backends[0] ?? "");
  const [sameRequest, setSameRequest] = useState(false);
  const run = useMutation(trpc.benchmarkViews.importRun.mutationOptions({ onSuccess: onDone }));
  return (
    <details className={styles.section}>
      <summary>Import a bench_serving or vLLM result file…</summary>
      <div className={styles.inline} style={{ marginTop: 8 }}>
        <input
          type="file"
          accept=".json,.jsonl,application/json"
          data-testid="import-file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            setFileName(f?.name ?? "");
            setText(f ? await f.text() : null);
          }}
        />
        <label>
          measured backend
          <select value={backend} onChange={(e) => setBackend(e.target.value)}>
            {backends.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label title="Tick only when the tool sent exactly this benchmark's request; otherwise the import is compared only with imports of the same workload.">
          <input type="checkbox" checked={sameRequest} onChange={(e) => setSameRequest(e.target.checked)} /> the tool sent this benchmark&apos;s request
        </label>
        <button disabled={text === null || run.isPending} onClick={() => text !== null && run.mutate({ benchmarkId, text, backend, sameRequest })} data-testid="import-submit">
          Import {fileName}
        </button>
      </div>
      {run.error && <p className="error-text">{run.error.message}</p>}
      {run.data && (
        <div className={styles.sub} data-testid="import-done">
          Imported {run.data.levels} level{run.data.levels === 1 ? "" : "s"}:
          <ul className={styles.reasons}>
            {run.data.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}
