import type { Table } from "../../lib/report/table";
import styles from "./benchmarks.module.css";

/** A results table from lib/report: the same cells, words and hover definitions as the reports. */
export function TableView({ table, compact = false }: { table: Table; compact?: boolean }) {
  return (
    <div className={styles.section} data-testid={`table-${table.id}`}>
      {!compact && (
        <h3 style={{ fontSize: 13, margin: "0 0 6px" }}>
          <span className={styles.def} title={table.definition}>
            {table.caption}
          </span>
        </h3>
      )}
      {table.rows.length === 0 ? (
        <p className={styles.muted}>{table.empty}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                {table.head.map((h, i) => (
                  <th key={i} title={h.title}>
                    {h.text}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, i) => (
                    <td key={i} title={c.title} className={[c.tone ? styles[c.tone] : "", i === row.length - 1 && c.text.length > 60 ? styles.wrap : ""].join(" ").trim() || undefined}>
                      {c.text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
