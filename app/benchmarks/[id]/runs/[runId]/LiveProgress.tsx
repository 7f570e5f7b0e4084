"use client";
import { useEffect, useState } from "react";
import { METRIC_DEFINITIONS as DEF } from "../../../../../lib/charts/definitions";
import { fmtDuration, fmtNum } from "../../../../../lib/report/format";
import styles from "../../../benchmarks.module.css";
import type { LiveRow } from "./liveState";

/** Ticks once a second for the elapsed clock (the numbers themselves are pushed by the server). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function errorsText(errors: Record<string, number>): string {
  const parts = Object.entries(errors).map(([k, n]) => `${k} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** Per backend and level: a progress bar, current rate, running p50/p95, errors by kind; overall elapsed and remaining. */
export function LiveProgress({ rows, startedAt, active, overall, trials }: { rows: LiveRow[]; startedAt: string | null; active: boolean; overall: { done: number; total: number | null }; trials: number }) {
  const now = useNow(active);
  const elapsed = startedAt ? now - Date.parse(startedAt) : null;
  const rate = elapsed && elapsed > 0 && overall.done > 0 ? overall.done / elapsed : null;
  const remaining = rate && overall.total !== null ? Math.max(0, overall.total - overall.done) / rate : null;
  return (
    <div data-testid="live-progress">
      <div className={styles.stats}>
        <span title={DEF.elapsed}>
          elapsed <b data-testid="elapsed">{fmtDuration(elapsed)}</b>
        </span>
        <span title="measured requests so far ÷ elapsed time, applied to what is left (warmup not counted)">
          remaining <b data-testid="remaining">{active ? (remaining === null ? "estimating…" : remaining < 1000 ? "under 1 s" : `about ${fmtDuration(remaining)}`) : "—"}</b>
        </span>
        <span title={DEF.warmup}>
          measured{" "}
          <b data-testid="overall-done">
            {overall.done}
            {overall.total !== null ? ` / ${overall.total}` : ""}
          </b>{" "}
          requests
        </span>
      </div>
      <div className={styles.progressGrid}>
        {rows.map((r) => {
          const pct = r.total ? Math.min(100, (r.done / r.total) * 100) : r.state === "done" ? 100 : 0;
          const lat = r.latency === "ttft" ? "TTFT" : "E2E";
          return (
            <div key={`${r.backend}|${r.level}`} className={styles.progressRow} data-testid="progress-row" data-state={r.state} data-backend={r.backend} data-level={r.level} data-done={r.done}>
              <div>
                <b>{r.backend}</b> · {r.label}
                <div className={styles.sub}>
                  {r.state === "waiting" ? (active ? "waiting" : "not run") : r.state === "done" ? "done" : r.state === "stopped" ? "stopped before the end" : r.phase === "warmup" ? "warming up" : "measuring"}
                  {trials > 1 && r.state !== "waiting" ? <span title="Trials: the whole benchmark repeated; the trial under way, of how many. Results pool every trial."> · trial {r.trial + 1}/{trials}</span> : ""}
                </div>
              </div>
              <div>
                <div className={`${styles.bar} ${r.state === "done" ? styles.done : ""}`} role="progressbar" aria-valuenow={r.done} aria-valuemax={r.total ?? undefined} aria-label={`${r.backend} ${r.label}`}>
                  <span style={{ width: `${pct}%` }} />
                </div>
                <div className={styles.sub} title={DEF.warmup}>
                  {r.done}
                  {r.total !== null ? ` / ${r.total}` : ""} {r.phase === "warmup" && r.state === "running" ? "warmup" : ""}
                </div>
              </div>
              <div title={`completions per second over the last few seconds. ${DEF.throughput}`}>
                {fmtNum(r.ratePerS)} <span className={styles.sub}>req/s</span>
              </div>
              <div title={`running p50 of ${lat} over recent requests. ${r.latency === "ttft" ? DEF.ttft : DEF.e2e} ${DEF.percentile}`}>
                p50 {fmtNum(r.p50Ms)} <span className={styles.sub}>ms</span>
              </div>
              <div title={`running p95 of ${lat} over recent requests. ${r.latency === "ttft" ? DEF.ttft : DEF.e2e} ${DEF.percentile}`}>
                p95 {fmtNum(r.p95Ms)} <span className={styles.sub}>ms</span>
              </div>
              <div title={DEF.errorRate} className={Object.keys(r.errors).length > 0 ? styles.bad : styles.muted} data-testid="progress-errors">
                errors: {errorsText(r.errors)}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
