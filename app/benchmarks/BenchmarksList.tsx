"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { sparklineChart } from "../../lib/charts/sparkline";
import { UNIT_LABEL } from "../../lib/charts/units";
import { useTRPC } from "../trpc";
import styles from "./benchmarks.module.css";
import { sparkSeries } from "./sparkData";
import { Sparkline } from "./Sparkline";
import { TagFilter } from "./TagFilter";
import { VerdictBadge } from "./VerdictView";
import { fmtUtc } from "../../lib/report/format";

/** Saved benchmarks with their latest verdict and a sparkline of p95 and throughput over their runs; filter by run tag. */
export function BenchmarksList() {
  const trpc = useTRPC();
  const list = useQuery(trpc.benchmarkViews.overview.queryOptions());
  const [tag, setTag] = useState<string | null>(null);
  const tags = useMemo(() => [...new Set((list.data ?? []).flatMap((b) => b.tags))].sort(), [list.data]);
  // chart specs built once per data, not per render: a new spec would redraw every sparkline (Plot.plot)
  const rows = useMemo(
    () =>
      (list.data ?? []).map((b) => {
        const unit = b.kind === "score" ? "items" : "outputTokens";
        const series = sparkSeries(b.history, { level: b.level, latency: b.latency, unit });
        const levelWords = b.load.kind === "closed" ? `concurrency ${b.level}` : b.load.kind === "open" ? `${b.level} req/s` : `${b.level} items`;
        return {
          b,
          p95: sparklineChart(series.p95, { label: `p95 ${b.latency.toUpperCase()} (ms) at ${levelWords}`, backends: b.backends }),
          throughput: sparklineChart(series.throughput, { label: `${UNIT_LABEL[unit]} at ${levelWords}`, backends: b.backends }),
        };
      }),
    [list.data],
  );
  const shown = rows.filter(({ b }) => tag === null || b.tags.includes(tag));

  if (list.isPending) return <p className={styles.muted}>Loading benchmarks…</p>;
  if (list.error) return <p className="error-text">Could not load the benchmarks: {list.error.message}</p>;
  if (list.data.length === 0) {
    return (
      <div className="empty">
        <p>No benchmarks yet.</p>
        <p>
          A benchmark is a cell&apos;s exact request run under load against both backends. <Link href="/benchmarks/new">Promote a cell</Link> (or use “Promote to
          benchmark” on a cell in a <Link href="/notebooks">notebook</Link>).
        </p>
      </div>
    );
  }
  return (
    <div>
      <TagFilter tags={tags} active={tag} onChange={setTag} label="Filter by run tag:" testId="tag-filter" />
      <table className="data" data-testid="benchmark-list">
        <thead>
          <tr>
            <th>benchmark</th>
            <th>latest run</th>
            <th>p95 over runs</th>
            <th>throughput over runs</th>
            <th title="Runs of this benchmark, any status">runs</th>
            <th>tags</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ b, p95, throughput }) => {
            return (
              <tr key={b.id} data-testid="benchmark-row">
                <td>
                  <Link href={`/benchmarks/${b.id}`}>{b.name}</Link>
                  <div className={styles.sub}>
                    {b.kind} · {b.backends.join(" vs ")}
                  </div>
                </td>
                <td>
                  {b.latest ? (
                    <div className={styles.inline}>
                      <VerdictBadge label={b.latest.verdict.label} tone={b.latest.verdict.tone} reasons={b.latest.verdict.reasons} />
                      <Link href={`/benchmarks/${b.id}/runs/${b.latest.id}`} className={styles.sub}>
                        #{b.latest.index} · {fmtUtc(b.latest.createdAt)}
                      </Link>
                    </div>
                  ) : (
                    <span className={styles.muted}>not run yet</span>
                  )}
                </td>
                <td>
                  <Sparkline testId="spark-p95" spec={p95} />
                </td>
                <td>
                  <Sparkline testId="spark-throughput" spec={throughput} />
                </td>
                <td title="Runs of this benchmark, any status">{b.runs}</td>
                <td>
                  <span className={styles.tags}>
                    {b.tags.map((t) => (
                      <span key={t} className={styles.tag}>
                        {t}
                      </span>
                    ))}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
