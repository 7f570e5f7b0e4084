"use client";
import { memo, useMemo, useRef } from "react";
import type { ChartSpec } from "../../lib/charts/chartSpec";
import { useBoxWidth, usePlot } from "../components/usePlot";
import styles from "./benchmarks.module.css";

/**
 * One chart from lib/charts, drawn by Observable Plot in the browser (usePlot) at the width of its box. Its title carries the metric definition, one hover away.
 * `build` must keep its identity while its data does (useCallback), or the chart is rebuilt every render.
 */
export const ChartView = memo(function ChartView({ build, extra }: { build: (width: number) => ChartSpec; extra?: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useBoxWidth(ref, 8);
  const spec = useMemo(() => (width > 0 ? build(width) : null), [build, width]);
  usePlot(ref, spec?.options);

  return (
    <figure className={styles.chart} data-testid="chart" data-chart={spec?.key} data-empty={spec ? String(spec.options === undefined) : undefined}>
      <figcaption title={spec?.definition}>
        <strong>{spec?.title ?? "…"}</strong>
        <span className={styles.info} title={spec?.definition} aria-label={spec?.definition}>
          what is this?
        </span>
        {extra}
      </figcaption>
      <div ref={ref} className={styles.plot} />
      {spec?.empty !== undefined && <p className={styles.emptyChart}>{spec.empty}</p>}
    </figure>
  );
});
