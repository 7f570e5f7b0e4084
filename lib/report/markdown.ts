import type { RunResult } from "../schemas/benchmarkRun";
import { METRIC_DEFINITIONS } from "../charts/definitions";
import type { BaselineComparison } from "./baseline";
import { specLines } from "./specText";
import type { Table } from "./table";
import { reportTables } from "./reportTables";
import { runVerdict } from "./verdict";

/**
 * The run as a markdown summary (for a PR comment or a CI log): verdict with reasons, setup, gates,
 * every metric with its 95% interval, the A/B and baseline differences, notes, environment, and the
 * metric definitions as footnotes.
 */

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function tableMarkdown(t: Table): string {
  if (t.rows.length === 0) return `### ${t.caption}\n\n_${t.empty ?? "none"}_\n`;
  const lines = [`### ${t.caption}`, "", `| ${t.head.map((c) => esc(c.text)).join(" | ")} |`, `|${t.head.map(() => " --- ").join("|")}|`];
  for (const r of t.rows) lines.push(`| ${r.map((c) => esc(c.tone === "bad" ? `**${c.text}**` : c.text)).join(" | ")} |`);
  return `${lines.join("\n")}\n`;
}

export function runMarkdown(run: RunResult, opts: { comparison?: BaselineComparison | null } = {}): string {
  const comparison = opts.comparison ?? null;
  const v = runVerdict(run, comparison);
  const out: string[] = [];
  out.push(`# Benchmark “${esc(run.name)}” — ${v.label}`, "");
  out.push(`Run \`${run.id}\` · ${run.status}${run.startedAt ? ` · started ${run.startedAt}` : ""}${run.finishedAt ? ` · finished ${run.finishedAt}` : ""}`, "");
  out.push(`**Verdict: ${v.label}**${v.against === "baseline" && comparison?.ok ? ` against the baseline “${esc(comparison.baseline.name)}” (\`${comparison.baseline.id}\`)` : ""}`, "");
  for (const r of v.reasons) out.push(`- ${r}`);
  if (comparison && !comparison.ok) out.push(`- Baseline refused: ${comparison.reason}`);
  out.push("", "## Setup", "");
  for (const [k, text] of specLines(run.spec)) out.push(`- **${k}**: ${esc(text)}`);
  out.push("", "## Results", "");
  for (const t of reportTables(run, comparison)) out.push(tableMarkdown(t));
  if (run.notes.length > 0 || (comparison?.ok && comparison.notes.length > 0)) {
    out.push("## Notes", "");
    for (const n of [...run.notes, ...(comparison?.ok ? comparison.notes : [])]) out.push(`- ${n}`);
    out.push("");
  }
  const f = run.fingerprint;
  if (f) {
    out.push("## Environment", "");
    out.push(`- Studio ${f.studio.version} (${f.studio.commit}), taken ${f.takenAt}`);
    out.push(`- Host: ${f.host.cpus} CPUs${f.host.cpuModel ? ` (${f.host.cpuModel})` : ""}, load ${f.host.loadAvg.map((x) => x.toFixed(2)).join(" / ")}, ${f.host.platform} ${f.host.release}, Node ${f.host.node}`);
    for (const b of f.backends) {
      const id = b.identity;
      out.push(`- ${b.name}: ${b.dialect} at ${b.baseUrl}${id ? ` — version ${id.version ?? "?"}, model ${id.modelPath ?? id.servedModel ?? "?"}, dtype ${id.dtype ?? "?"}` : " — identity not read"}`);
    }
    out.push("");
  }
  out.push("## Definitions", "");
  for (const d of Object.values(METRIC_DEFINITIONS)) out.push(`- ${d}`);
  return `${out.join("\n")}\n`;
}
