"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { levelLabel, levelsOf } from "../../../lib/schemas/benchmark";
import { trendChart } from "../../../lib/charts/trend";
import type { TrendRun } from "../../../lib/charts/trendData";
import { throughputUnitOf } from "../../../lib/charts/units";
import { specLines } from "../../../lib/report/specText";
import { useTRPC } from "../../trpc";
import styles from "../benchmarks.module.css";
import { ChartView } from "../ChartView";
import { Legend } from "../Legend";
import { ImportForm } from "./ImportForm";
import { RunHistory } from "./RunHistory";
import { SourceStatus } from "./SourceStatus";

/** A benchmark: what it runs, whether its cell moved on, its baseline, the trend over runs, and every run. */
export function BenchmarkDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.benchmarkViews.detail.queryOptions({ id }));
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: trpc.benchmarkViews.detail.queryKey({ id }) }), [queryClient, trpc, id]);
  const start = useMutation(trpc.benchmarks.startRun.mutationOptions({ onSuccess: ({ runId }) => router.push(`/benchmarks/${id}/runs/${runId}`) }));
  const [baselineError, setBaselineError] = useState<string | null>(null);
  const setBaseline = useMutation(
    trpc.benchmarkViews.setBaseline.mutationOptions({
      onSuccess: () => (setBaselineError(null), refresh()),
      onError: (err) => setBaselineError(err.message),
    }),
  );
  const [level, setLevel] = useState<number | null>(null);
  const d = detail.data;
  const trendRuns: TrendRun[] = useMemo(
    () => (d?.runs ?? []).filter((r) => r.status === "done" && r.sameRequest).map((r) => ({ id: r.id, label: `#${r.index}`, at: r.createdAt, status: r.status, tags: r.tags, source: r.source, levels: r.levels })),
    [d],
  );
  const shownLevel = level ?? d?.level ?? 0;
  const buildTrend = useCallback(
    (width: number) =>
      trendChart(trendRuns, {
        width,
        level: shownLevel,
        levelLabel: d ? levelLabel(d.spec.load, shownLevel) : "",
        latency: d?.spec.gates.latency ?? "e2e",
        unit: d ? throughputUnitOf(d.spec) : "requests",
        baselineId: d?.baselineId ?? null,
        thresholds: { p95IncreasePct: d?.spec.gates.thresholds.p95IncreasePct ?? 15, throughputDropPct: d?.spec.gates.thresholds.throughputDropPct ?? 10 },
        backends: d?.spec.backends.map((b) => b.name) ?? [],
      }),
    [trendRuns, shownLevel, d],
  );

  if (detail.isPending) return <p className={styles.muted}>Loading…</p>;
  if (detail.error || !d) return <p className="error-text">{detail.error?.message ?? "not found"}</p>;
  const running = d.runs.find((r) => r.status === "running" || r.status === "queued");
  return (
    <>
      <div className={styles.head}>
        <h1 data-testid="benchmark-name">{d.name}</h1>
        <span className={styles.grow} />
        {running && (
          <Link href={`/benchmarks/${id}/runs/${running.id}`} data-testid="running-link">
            run #{running.index} is {running.status} →
          </Link>
        )}
        <button className="primary" onClick={() => start.mutate({ benchmarkId: id })} disabled={start.isPending} data-testid="run-benchmark">
          {start.isPending ? "Starting…" : "Run"}
        </button>
      </div>
      {start.error && <p className="error-text">{start.error.message}</p>}
      <SourceStatus id={id} notebookId={d.notebookId} />

      <div className={styles.section}>
        <h2>What it runs</h2>
        <dl className="kv" data-testid="spec-summary">
          {specLines(d.spec).map(([k, v]) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </div>

      <div className={styles.section}>
        <h2>Baseline</h2>
        <p className={styles.sub} data-testid="baseline-summary">
          {d.baselineId
            ? `Every run is compared against run ${d.foreignBaseline ? `${d.baselineId} (of another benchmark of the same request)` : `#${d.runs.find((r) => r.id === d.baselineId)?.index}`}.`
            : "No baseline yet: each run judges B against A. Set any finished run of the same request as the baseline below."}
          {d.baselineId && (
            <>
              {" "}
              <button onClick={() => setBaseline.mutate({ benchmarkId: id, runId: null })}>clear</button>
            </>
          )}
        </p>
      </div>

      <div className={styles.section}>
        <h2>Trend</h2>
        <div className={styles.inline}>
          <label>
            level
            <select value={shownLevel} onChange={(e) => setLevel(Number(e.target.value))} data-testid="trend-level">
              {levelsOf(d.spec.load).map((l) => (
                <option key={l} value={l}>
                  {levelLabel(d.spec.load, l)}
                </option>
              ))}
            </select>
          </label>
          <Legend backends={d.spec.backends.map((b) => b.name)} />
        </div>
        <ChartView build={buildTrend} />
      </div>

      <div className={styles.section}>
        <h2>Runs</h2>
        <RunHistory benchmarkId={id} runs={d.runs} baselineId={d.baselineId} onChanged={refresh} onSetBaseline={(runId) => setBaseline.mutate({ benchmarkId: id, runId })} baselineError={baselineError} />
        <ImportForm benchmarkId={id} backends={d.spec.backends.map((b) => b.name)} onDone={refresh} />
      </div>
    </>
  );
}
