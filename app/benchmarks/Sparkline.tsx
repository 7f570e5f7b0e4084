"use client";
import { useRef } from "react";
import type { ChartSpec } from "../../lib/charts/chartSpec";
import { usePlot } from "../components/usePlot";
import styles from "./benchmarks.module.css";

/** A word-sized chart (no caption): the definition is the hover text of the whole sparkline. */
export function Sparkline({ spec, testId }: { spec: ChartSpec; testId: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  usePlot(ref, spec.options);
  return (
    <span ref={ref} className={styles.spark} data-testid={testId} title={`${spec.title}: ${spec.definition}`}>
      {spec.empty !== undefined && <span className={styles.muted}>{spec.empty}</span>}
    </span>
  );
}
