import { parseHTML } from "linkedom";
import { chartMarkup } from "../../lib/charts/chartSpec";
import { sparklineChart } from "../../lib/charts/sparkline";
import { throughputLatencyChart } from "../../lib/charts/throughputLatency";
import { CHART_DEFINITIONS, METRIC_DEFINITIONS as DEF } from "../../lib/charts/definitions";
import type { BenchmarkCardData } from "../../lib/report/card";
import { fmtNum, fmtPct, fmtUtc } from "../../lib/report/format";
import styles from "./benchmarks.module.css";
import { Legend } from "./Legend";
import { VerdictView } from "./VerdictView";

/**
 * A benchmark as a read-only card (shared notebook links): latest verdict with reasons, key numbers per
 * level, p95 and throughput over runs, and throughput vs p95. Renders on the server from plain data
 * (`benchmarkCard` / server/benchViews/card) — charts are inline SVG drawn with linkedom, no script.
 */
export function BenchmarkSummaryCard({ card, href }: { card: BenchmarkCardData; href?: string }) {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const svg = (markup: string | null) => (markup ? { __html: markup } : undefined);
  const lat = card.latency === "ttft" ? "TTFT" : "E2E";
  const spark = (kind: "p95" | "throughput") =>
    chartMarkup(sparklineChart(card.sparks[kind], { label: kind === "p95" ? `p95 ${lat} (ms) at ${card.levelLabel}` : `${card.unitLabel} at ${card.levelLabel}`, backends: card.backends, width: 160, height: 34 }), document);
  const latest = card.latest;
  const curve = latest ? chartMarkup(throughputLatencyChart({ spec: card.spec, levels: latest.levelResults, series: [] }, { width: 520 }), document) : null;
  return (
    <section className={styles.chart} data-testid="benchmark-card" style={{ color: "var(--text)" }}>
      <header className={styles.inline}>
        <strong>{href ? <a href={href}>{card.name}</a> : card.name}</strong>
        <span className={styles.sub}>
          {card.request} · {card.load} · {card.backends.join(" vs ")}
        </span>
      </header>
      {latest ? (
        <>
          <div style={{ margin: "8px 0" }}>
            <VerdictView verdict={latest.verdict} against={`latest run #${latest.index}${latest.finishedAt ? `, ${fmtUtc(latest.finishedAt)}` : ""}`} />
          </div>
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>level</th>
                  <th>backend</th>
                  <th title={`${DEF.percentile} ${card.latency === "ttft" ? DEF.ttft : DEF.e2e}`}>p50 {lat} ms</th>
                  <th title={`${DEF.percentile} ${card.latency === "ttft" ? DEF.ttft : DEF.e2e}`}>p95 {lat} ms</th>
                  <th title={DEF.throughput}>{card.unitLabel}</th>
                  <th title={DEF.errorRate}>error rate</th>
                </tr>
              </thead>
              <tbody>
                {latest.levels.flatMap((l) =>
                  l.backends.map((b) => (
                    <tr key={`${l.label}|${b.name}`}>
                      <td>{l.label}</td>
                      <td>{b.name}</td>
                      <td>{fmtNum(b.p50Ms)}</td>
                      <td>{fmtNum(b.p95Ms)}</td>
                      <td>{fmtNum(b.throughput)}</td>
                      <td>{fmtPct(b.errorRate)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          <Legend backends={card.backends} />
          <div className={styles.inline} style={{ alignItems: "flex-start", color: "var(--muted)" }}>
            <div>
              <div className={styles.sub}>p95 over runs</div>
              <span title={`${CHART_DEFINITIONS.sparkline} ${DEF.percentile}`} dangerouslySetInnerHTML={svg(spark("p95"))} />
              <div className={styles.sub}>throughput over runs</div>
              <span title={`${CHART_DEFINITIONS.sparkline} ${DEF.throughput}`} dangerouslySetInnerHTML={svg(spark("throughput"))} />
            </div>
            {curve && <div title={CHART_DEFINITIONS.throughputLatency} dangerouslySetInnerHTML={svg(curve)} />}
          </div>
        </>
      ) : (
        <p className={styles.muted}>Not run yet.</p>
      )}
    </section>
  );
}
