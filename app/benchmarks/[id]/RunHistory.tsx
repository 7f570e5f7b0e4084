"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../../trpc";
import styles from "../benchmarks.module.css";
import { TagFilter } from "../TagFilter";
import { VerdictBadge } from "../VerdictView";
import type { DetailRun } from "./types";
import { fmtUtc } from "../../../lib/report/format";

function TagEditor({ run, onSaved }: { run: DetailRun; onSaved(): void }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(run.tags.join(" "));
  const save = useMutation(trpc.benchmarkViews.setTags.mutationOptions({ onSuccess: () => (setEditing(false), onSaved()) }));
  if (!editing) {
    return (
      <span className={styles.inline}>
        <span className={styles.tags} data-testid="run-tags">
          {run.tags.map((t) => (
            <span key={t} className={styles.tag}>
              {t}
            </span>
          ))}
        </span>
        <button onClick={() => setEditing(true)} title="Tag this run, e.g. with a commit or a PR label" data-testid="edit-tags">
          tags…
        </button>
      </span>
    );
  }
  return (
    <span className={styles.inline}>
      <input value={value} onChange={(e) => setValue(e.target.value)} placeholder="commit-abc123 pr-42" size={18} data-testid="tags-input" />
      <button onClick={() => save.mutate({ runId: run.id, tags: value.split(/[\s,]+/).filter((t) => t !== "") })} data-testid="save-tags">
        save
      </button>
      {save.error && <span className="field-error">{save.error.message}</span>}
    </span>
  );
}

/** Every run, newest first: verdict against the baseline, tags (editable, filterable), where it came from, and the baseline choice. */
export function RunHistory({ benchmarkId, runs, baselineId, onChanged, onSetBaseline, baselineError }: { benchmarkId: string; runs: DetailRun[]; baselineId: string | null; onChanged(): void; onSetBaseline(runId: string | null): void; baselineError: string | null }) {
  const [tag, setTag] = useState<string | null>(null);
  const tags = [...new Set(runs.flatMap((r) => r.tags))].sort();
  const shown = runs.filter((r) => tag === null || r.tags.includes(tag)).slice().reverse();
  return (
    <div>
      <TagFilter tags={tags} active={tag} onChange={setTag} label="Filter by tag:" testId="history-tag-filter" />
      {baselineError && (
        <div className={`${styles.banner} ${styles.bad}`} data-testid="baseline-error">
          {baselineError}
        </div>
      )}
      <table className="data" data-testid="run-history">
        <thead>
          <tr>
            <th>run</th>
            <th>started</th>
            <th>verdict</th>
            <th>tags</th>
            <th>source</th>
            <th>baseline</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-testid="history-run" data-run-id={r.id} data-status={r.status}>
              <td>
                <Link href={`/benchmarks/${benchmarkId}/runs/${r.id}`}>#{r.index}</Link>
              </td>
              <td>{fmtUtc(r.startedAt ?? r.createdAt)}</td>
              <td>
                <VerdictBadge label={r.verdict.label} tone={r.verdict.tone} reasons={r.verdict.refused ? [`Not compared with the baseline: ${r.verdict.refused}`, ...r.verdict.reasons] : r.verdict.reasons} />
                {r.verdict.refused && (
                  <div className={styles.sub} title={r.verdict.refused}>
                    different request than the baseline
                  </div>
                )}
              </td>
              <td>
                <TagEditor run={r} onSaved={onChanged} />
              </td>
              <td>
                {r.source === "studio" ? "studio" : r.source}
                {!r.sameRequest && <div className={styles.sub}>different workload</div>}
              </td>
              <td>
                {r.id === baselineId ? (
                  <span className="badge ok" data-testid="is-baseline">
                    baseline
                  </span>
                ) : (
                  <button onClick={() => onSetBaseline(r.id)} disabled={r.status !== "done"} title={r.status !== "done" ? "only a finished run can be the baseline" : "compare every run against this one"} data-testid="set-baseline">
                    set as baseline
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
