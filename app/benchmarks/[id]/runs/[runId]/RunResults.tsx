"use client";
import { useCallback, useMemo, useState } from "react";
import type { RunResult } from "../../../../../lib/schemas/benchmarkRun";
import { ecdfChart } from "../../../../../lib/charts/ecdf";
import { itlPositionChart } from "../../../../../lib/charts/itlPosition";
import { levelOrder, labelOfLevel } from "../../../../../lib/charts/levels";
import { levelBoxChart } from "../../../../../lib/charts/levelBox";
import { backendNames } from "../../../../../lib/charts/runRows";
import { throughputLatencyChart } from "../../../../../lib/charts/throughputLatency";
import { PROFILE_SPANS_DEFINITION, timelineChart } from "../../../../../lib/charts/timeline";
import type { BaselineComparison } from "../../../../../lib/report/baseline";
import { fmtBytes } from "../../../../../lib/report/format";
import { profileSpansSaid, profileTitle, profileWhere, PROFILE_FILE_SIZE_DEFINITION } from "../../../../../lib/report/profiles";
import { reportTables } from "../../../../../lib/report/reportTables";
import { runVerdict } from "../../../../../lib/report/verdict";
import styles from "../../../benchmarks.module.css";
import { ChartView } from "../../../ChartView";
import { Legend } from "../../../Legend";
import { TableView } from "../../../TableView";
import { VerdictView } from "../../../VerdictView";

/** A finished (or stopped) run: verdict, every chart with its definition one hover away, every table, notes, environment. */
export function RunResults({ run, comparison, downloads }: { run: RunResult; comparison: BaselineComparison | null; downloads: string }) {
  const verdict = runVerdict(run, comparison);
  const names = backendNames(run);
  const streamed = run.spec.requests[0]?.kind === "generate";
  const [boxMetric, setBoxMetric] = useState<"e2e" | "ttft">(run.spec.gates.latency);
  const [timelineLevel, setTimelineLevel] = useState<number | null>(null);
  const ecdf = useCallback((width: number) => ecdfChart(run, { width }), [run]);
  const box = useCallback((width: number) => levelBoxChart(run, { width, metric: boxMetric }), [run, boxMetric]);
  const tl = useCallback((width: number) => throughputLatencyChart(run, { width }), [run]);
  const itl = useCallback((width: number) => itlPositionChart(run, { width }), [run]);
  const timeline = useCallback((width: number) => timelineChart(run, { width, level: timelineLevel }), [run, timelineLevel]);
  const tables = useMemo(() => reportTables(run, comparison), [run, comparison]);
  const against = verdict.against === "baseline" && comparison?.ok ? `against the baseline run ${comparison.baseline.id}` : verdict.against === "backends" ? `${names[1] ?? "B"} against ${names[0] ?? "A"}` : "";

  return (
    <div data-testid="run-results">
      <div className={styles.section}>
        <h2>Verdict</h2>
        <VerdictView verdict={verdict} against={against} />
        {comparison && !comparison.ok && (
          <div className={`${styles.banner} ${styles.bad}`} data-testid="baseline-refused">
            Not compared with the baseline: {comparison.reason}
          </div>
        )}
      </div>
      <div className={styles.section}>
        <h2>Downloads</h2>
        <div className={styles.downloads} data-testid="downloads">
          <a href={`${downloads}/json`} download data-testid="download-json" title="the run file: usable as `bench run --baseline` and `bench report`">
            run JSON
          </a>
          <a href={`${downloads}/csv`} download data-testid="download-csv">
            per-request CSV
          </a>
          <a href={`${downloads}/md`} download data-testid="download-md">
            markdown summary
          </a>
          <a href={`${downloads}/html`} download data-testid="download-html" title="one self-contained file: charts, tables and data inline; opens offline">
            HTML report
          </a>
        </div>
      </div>
      <div className={styles.section}>
        <h2>Charts</h2>
        <Legend backends={names} timeline />
        <ChartView build={ecdf} />
        <ChartView
          build={box}
          extra={
            streamed ? (
              <select value={boxMetric} onChange={(e) => setBoxMetric(e.target.value as "e2e" | "ttft")} aria-label="latency shown">
                <option value="e2e">E2E</option>
                <option value="ttft">TTFT</option>
              </select>
            ) : undefined
          }
        />
        <ChartView build={tl} />
        <ChartView build={itl} />
        <ChartView
          build={timeline}
          extra={
            <select value={timelineLevel ?? ""} onChange={(e) => setTimelineLevel(e.target.value === "" ? null : Number(e.target.value))} aria-label="timeline level" data-testid="timeline-level">
              <option value="">whole run</option>
              {levelOrder(run).map((l) => (
                <option key={l} value={l}>
                  {labelOfLevel(run, l)}
                </option>
              ))}
            </select>
          }
        />
      </div>
      {run.profiles.length > 0 && <ProfilesView run={run} />}
      <div className={styles.section}>
        <h2>Numbers</h2>
        {tables.map((t) => (
          <TableView key={t.id} table={t} />
        ))}
      </div>
      {(run.notes.length > 0 || (comparison?.ok && comparison.notes.length > 0)) && (
        <div className={styles.section}>
          <h2>Notes</h2>
          <ul className={styles.reasons}>
            {[...run.notes, ...(comparison?.ok ? comparison.notes : [])].map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      {run.fingerprint && (
        <details className={styles.section}>
          <summary>Environment fingerprint</summary>
          <pre className="mono" style={{ whiteSpace: "pre-wrap", fontSize: 12 }}>
            {JSON.stringify({ ...run.fingerprint, backends: run.fingerprint.backends.map((b) => ({ ...b, identity: b.identity ? { ...b.identity, raw: undefined } : null })) }, null, 2)}
          </pre>
        </details>
      )}
    </div>
  );
}

/** Each profiled level: where the backend wrote its trace, where the studio attached it, what reading it gave. */
function ProfilesView({ run }: { run: RunResult }) {
  return (
    <div className={styles.section} data-testid="profiles">
      <h2 title={PROFILE_SPANS_DEFINITION}>Profiles</h2>
      <ul className={styles.reasons}>
        {run.profiles.map((p, i) => (
          <li key={i} data-testid="profile">
            <strong>{profileTitle(run, p)}</strong> — <abbr title={PROFILE_SPANS_DEFINITION}>{profileSpansSaid(p)}</abbr>
            <div className={styles.muted}>trace written {profileWhere(p)}</div>
            {p.files.length > 0 && (
              <ul>
                {p.files.map((f) => (
                  <li key={f.path}>
                    <span className="mono">{f.path}</span> (<abbr title={PROFILE_FILE_SIZE_DEFINITION}>{fmtBytes(f.bytes)}</abbr>) →{" "}
                    {f.attachedPath ? (
                      <>
                        attached as <span className="mono">{f.attachedPath}</span>
                      </>
                    ) : (
                      "not attached"
                    )}
                    {f.note && <span className={styles.muted}> · {f.note}</span>}
                  </li>
                ))}
              </ul>
            )}
            <div className={styles.muted}>{p.note}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
