import styles from "./benchmarks.module.css";

/** Tag chips: "all" and one per tag; clicking the active tag clears the filter. */
export function TagFilter({ tags, active, onChange, label, testId }: { tags: string[]; active: string | null; onChange(tag: string | null): void; label: string; testId: string }) {
  if (tags.length === 0) return null;
  return (
    <div className={styles.inline} style={{ marginBottom: 8 }} data-testid={testId}>
      <span className={styles.sub}>{label}</span>
      <button className={`${styles.tag} ${active === null ? styles.active : ""}`} onClick={() => onChange(null)}>
        all
      </button>
      {tags.map((t) => (
        <button key={t} className={`${styles.tag} ${active === t ? styles.active : ""}`} onClick={() => onChange(t === active ? null : t)}>
          {t}
        </button>
      ))}
    </div>
  );
}
