import { CHART_COLORS, colorOf } from "../../lib/charts/theme";
import { TIMELINE_KEY } from "../../lib/charts/timeline";
import styles from "./benchmarks.module.css";

/** Which colour is which backend (and, for the timeline, errors, warmup and server telemetry). */
export function Legend({ backends, timeline = false }: { backends: string[]; timeline?: boolean }) {
  const keys: [string, string][] = backends.map((b) => [b, colorOf(backends, b)]);
  if (timeline) {
    keys.push([TIMELINE_KEY.error, CHART_COLORS.bad], [TIMELINE_KEY.warmup, CHART_COLORS.warmup], [TIMELINE_KEY.running, CHART_COLORS.running], [TIMELINE_KEY.queue, CHART_COLORS.queue]);
  }
  return (
    <p className={styles.legend}>
      {keys.map(([label, color]) => (
        <span key={label} className={styles.key}>
          <span className={styles.swatch} style={{ background: color }} />
          {label}
        </span>
      ))}
    </p>
  );
}
