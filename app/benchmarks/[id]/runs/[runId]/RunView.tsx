"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { RunStatus } from "../../../../../lib/schemas/benchmarkRun";
import { useTRPC } from "../../../../trpc";
import styles from "../../../benchmarks.module.css";
import { VerdictBadge } from "../../../VerdictView";
import { LiveProgress } from "./LiveProgress";
import { foldProgress, liveRows, overallProgress, type ProgressMap } from "./liveState";
import { RunResults } from "./RunResults";

const TERMINAL: ReadonlySet<RunStatus> = new Set(["done", "failed", "cancelled", "interrupted"]);

/**
 * One run: live progress pushed over the WebSocket subscription while it runs (a reload rejoins it; closing
 * the tab does not stop it: the run is a server job), then the results. A run that failed, was cancelled
 * or interrupted shows what it measured and why it stopped.
 */
export function RunView({ benchmarkId, runId }: { benchmarkId: string; runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const head = useQuery(trpc.benchmarks.getRun.queryOptions({ runId, series: false }));
  const [status, setStatus] = useState<{ status: RunStatus; reason: string | null } | null>(null);
  const [progress, setProgress] = useState<ProgressMap>({});

  useSubscription(
    trpc.benchmarks.progress.subscriptionOptions(
      { runId },
      {
        onData: (e) => {
          if (e.type === "status") {
            setStatus({ status: e.status, reason: e.reason });
            if (e.status === "running" || TERMINAL.has(e.status)) void queryClient.invalidateQueries({ queryKey: trpc.benchmarks.getRun.queryKey({ runId, series: false }) });
          } else {
            setProgress((m) => foldProgress(m, e));
          }
        },
      },
    ),
  );

  const current = status?.status ?? head.data?.status ?? null;
  const finished = current !== null && TERMINAL.has(current);
  const full = useQuery({ ...trpc.benchmarks.getRun.queryOptions({ runId, series: true }), enabled: finished, staleTime: Number.POSITIVE_INFINITY });
  const compare = useQuery({ ...trpc.benchmarkViews.compare.queryOptions({ runId }), enabled: finished });
  const cancel = useMutation(trpc.benchmarks.cancel.mutationOptions());

  const spec = head.data?.spec;
  const rows = useMemo(() => (spec ? liveRows(spec, progress, head.data?.levels ?? [], finished) : []), [spec, progress, head.data?.levels, finished]);
  if (head.isPending) return <p className={styles.muted}>Loading the run…</p>;
  if (head.error) return <p className="error-text">{head.error.message}</p>;
  const run = head.data;
  const reason = status?.reason ?? run.reason;
  const stopped = current === "failed" || current === "cancelled" || current === "interrupted";

  return (
    <>
      <div className={styles.head}>
        <h1>
          <Link href={`/benchmarks/${benchmarkId}`}>{run.name}</Link> · run
        </h1>
        <span className={styles.sub} data-testid="run-id">
          {runId}
        </span>
        <span data-testid="run-status" data-status={current ?? ""}>
          <VerdictBadge label={(current ?? "…").toUpperCase()} tone={current === "done" ? "ok" : stopped ? "bad" : "muted"} />
        </span>
        <span className={styles.grow} />
        {!finished && (
          <button className="danger" onClick={() => cancel.mutate({ runId })} disabled={cancel.isPending} data-testid="cancel-run" title="Stops the run at its next request; what it measured is kept">
            {cancel.isPending ? "Cancelling…" : "Cancel"}
          </button>
        )}
      </div>
      {stopped && (
        <div className={`${styles.banner} ${styles.bad}`} data-testid="stopped-banner">
          <b>This run {current === "failed" ? "failed" : current === "cancelled" ? "was cancelled" : "was interrupted"}:</b> {reason ?? "no reason was recorded"}. What it measured until then is shown below.
        </div>
      )}
      {!finished && <p className={styles.sub}>The run is a job on the studio server: closing this tab does not stop it, and reopening this page rejoins it.</p>}
      {spec && (
        <div className={styles.section}>
          <h2>Progress</h2>
          <LiveProgress rows={rows} startedAt={run.startedAt} active={!finished} overall={overallProgress(spec, rows)} trials={spec.trials} />
        </div>
      )}
      {finished && full.data && (full.data.levels.length > 0 ? <RunResults run={full.data} comparison={compare.data?.comparison ?? null} downloads={`/benchmarks/${benchmarkId}/runs/${runId}/download`} /> : <p className={styles.muted}>Nothing was measured before the run stopped.</p>)}
      {finished && full.isPending && <p className={styles.muted}>Loading the results…</p>}
    </>
  );
}
