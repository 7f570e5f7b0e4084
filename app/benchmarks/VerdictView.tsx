import { METRIC_DEFINITIONS } from "../../lib/charts/definitions";
import type { Tone } from "../../lib/report/table";
import styles from "./benchmarks.module.css";

/** PASS / FAIL / how a run stopped, red or green, with the reasons under it. */
export function VerdictBadge({ label, tone, reasons }: { label: string; tone: Tone; reasons?: string[] }) {
  return (
    <span className={`${styles.verdict} ${styles[tone]}`} data-testid="verdict-badge" data-verdict={label} title={reasons && reasons.length > 0 ? reasons.join("\n") : METRIC_DEFINITIONS.gates}>
      {label}
    </span>
  );
}

export function VerdictView({ verdict, against }: { verdict: { label: string; tone: Tone; pass: boolean; reasons: string[] }; against?: string }) {
  return (
    <div data-testid="verdict" data-verdict={verdict.label}>
      <div className={styles.inline}>
        <VerdictBadge label={verdict.label} tone={verdict.tone} />
        {against && <span className={styles.sub}>{against}</span>}
      </div>
      <ul className={styles.reasons}>
        {verdict.reasons.map((r, i) => (
          <li key={i} className={verdict.pass ? styles.ok : styles[verdict.tone]} data-testid="verdict-reason">
            {r}
          </li>
        ))}
      </ul>
    </div>
  );
}
