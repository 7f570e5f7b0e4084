import type { RunResult } from "../schemas/benchmarkRun";
import type { ChartSpec } from "../charts/chartSpec";
import { chartMarkup } from "../charts/chartSpec";
import { METRIC_DEFINITIONS } from "../charts/definitions";
import { runCharts } from "../charts/runCharts";
import { backendNames } from "../charts/runRows";
import { colorOf, CHART_COLORS } from "../charts/theme";
import { PROFILE_SPANS_DEFINITION, TIMELINE_KEY } from "../charts/timeline";
import type { BaselineComparison } from "./baseline";
import { fmtBytes } from "./format";
import { profileSpansSaid, profileTitle, profileWhere, PROFILE_FILE_SIZE_DEFINITION } from "./profiles";
import { reportTables } from "./reportTables";
import { specLines } from "./specText";
import type { Table, TableCell } from "./table";
import { runVerdict } from "./verdict";

/**
 * The run as one self-contained HTML file: inline CSS, charts as inline SVG, the whole run as JSON in a
 * <script type="application/json"> (data, not code), and no external asset of any kind — it opens
 * offline, in any browser, years later, with JavaScript off. Hover text carries the metric definitions.
 * Pure: the caller passes a DOM `document` (the browser's, or linkedom's on a server) for Plot.
 */

export interface HtmlReportOptions {
  document: Document;
  comparison?: BaselineComparison | null;
  /** Extra charts after the run's own (e.g. the benchmark's trend over runs). */
  extraCharts?: ChartSpec[];
  generatedAt?: string;
  generator?: string;
  width?: number;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON that is safe inside a <script> element: no "</script>", no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const attr = (name: string, v: string | undefined) => (v ? ` ${name}="${escapeHtml(v)}"` : "");

function cellHtml(tag: "td" | "th", c: TableCell): string {
  return `<${tag}${attr("title", c.title)}${attr("class", c.tone)}>${escapeHtml(c.text)}</${tag}>`;
}

function tableHtml(t: Table): string {
  const head = `<h3${attr("title", t.definition)}>${escapeHtml(t.caption)} <span class="info" aria-hidden="true">(?)</span></h3>`;
  if (t.rows.length === 0) return `<section class="table" id="table-${t.id}">${head}<p class="muted">${escapeHtml(t.empty ?? "none")}</p></section>`;
  return `<section class="table" id="table-${t.id}">${head}<div class="scroll"><table><thead><tr>${t.head.map((c) => cellHtml("th", c)).join("")}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c) => cellHtml("td", c)).join("")}</tr>`)
    .join("")}</tbody></table></div></section>`;
}

function chartHtml(spec: ChartSpec, document: Document): string {
  const body = chartMarkup(spec, document);
  return `<figure class="chart" id="chart-${spec.key}"><figcaption${attr("title", spec.definition)}><strong>${escapeHtml(spec.title)}</strong> <span class="info" aria-hidden="true">(?)</span><span class="def">${escapeHtml(spec.definition)}</span></figcaption>${body ?? `<p class="muted">${escapeHtml(spec.empty ?? "")}</p>`}</figure>`;
}

function legendHtml(names: string[]): string {
  const swatch = (color: string, label: string, dashed = false) => `<span class="key"><span class="swatch${dashed ? " dashed" : ""}" style="background:${color}"></span>${escapeHtml(label)}</span>`;
  return `<p class="legend">${names.map((n) => swatch(colorOf(names, n), n)).join("")}${swatch(CHART_COLORS.bad, TIMELINE_KEY.error)}${swatch(CHART_COLORS.warmup, TIMELINE_KEY.warmup)}${swatch(CHART_COLORS.running, TIMELINE_KEY.running)}${swatch(CHART_COLORS.queue, TIMELINE_KEY.queue, true)}</p>`;
}

/** Each profiled level: where the trace was written, where it was attached, what reading it gave (its spans are on the timeline). */
function profilesHtml(run: RunResult): string {
  if (run.profiles.length === 0) return "";
  const items = run.profiles.map((p) => {
    const files = p.files
      .map((f) => `<li><code>${escapeHtml(f.path)}</code> (<abbr${attr("title", PROFILE_FILE_SIZE_DEFINITION)}>${fmtBytes(f.bytes)}</abbr>) → ${f.attachedPath ? `attached as <code>${escapeHtml(f.attachedPath)}</code>` : "not attached"}${f.note ? ` <span class="muted">· ${escapeHtml(f.note)}</span>` : ""}</li>`)
      .join("");
    return `<li><strong>${escapeHtml(profileTitle(run, p))}</strong> — <abbr${attr("title", PROFILE_SPANS_DEFINITION)}>${escapeHtml(profileSpansSaid(p))}</abbr><br><span class="muted">trace written ${escapeHtml(profileWhere(p))}</span>${files ? `<ul>${files}</ul>` : ""}<br><span class="muted">${escapeHtml(p.note)}</span></li>`;
  });
  return `<h2 id="profiles"${attr("title", PROFILE_SPANS_DEFINITION)}>Profiles</h2><ul>${items.join("")}</ul>`;
}

const CSS = `
:root{color-scheme:light;--fg:#1f2328;--muted:#656d76;--border:#d0d7de;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--bg2:#f6f8fa}
*{box-sizing:border-box}body{margin:0 auto;max-width:1000px;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:#fff}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--border);padding-bottom:4px}h3{font-size:14px;margin:16px 0 6px}
.muted{color:var(--muted)}.verdict{display:inline-block;font-weight:700;font-size:18px;padding:2px 12px;border-radius:6px;border:2px solid currentColor}
.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}
ul.reasons{margin:8px 0 0;padding-left:20px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{text-align:left;padding:4px 7px;border-bottom:1px solid var(--border);vertical-align:top}
th{color:var(--muted);font-weight:600;background:var(--bg2)}#table-gates td:last-child{min-width:300px}
[title]{cursor:help}.info{color:var(--muted);font-size:12px}
figure.chart{margin:18px 0;padding:10px;border:1px solid var(--border);border-radius:8px;color:#57606a}figcaption{color:var(--fg);margin-bottom:6px}
figcaption .def{display:block;color:var(--muted);font-size:12px;margin-top:2px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:var(--muted)}.key{display:inline-flex;align-items:center;gap:5px}
.swatch{display:inline-block;width:14px;height:4px;border-radius:2px}.swatch.dashed{background-image:linear-gradient(90deg,transparent 50%,#fff 50%)!important;background-size:6px 4px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{figure.chart{break-inside:avoid}}
`;

export function runHtml(run: RunResult, opts: HtmlReportOptions): string {
  const comparison = opts.comparison ?? null;
  const v = runVerdict(run, comparison);
  const names = backendNames(run);
  const charts = [...runCharts(run, { width: opts.width ?? 940 }), ...(opts.extraCharts ?? [])];
  const against = v.against === "baseline" && comparison?.ok ? ` against the baseline “${comparison.baseline.name}”` : v.against === "backends" ? " (B against A)" : "";
  const notes = [...run.notes, ...(comparison?.ok ? comparison.notes : []), ...(comparison && !comparison.ok ? [`Baseline refused: ${comparison.reason}`] : [])];
  const f = run.fingerprint;
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeHtml(`${run.name} — ${v.label}`)}</title><meta name="generator" content="${escapeHtml(opts.generator ?? "SGLang Studio")}"><style>${CSS}</style></head><body>`,
    `<header><h1>Benchmark “${escapeHtml(run.name)}”</h1><p class="muted">Run <code>${escapeHtml(run.id)}</code> · ${escapeHtml(run.status)}${run.startedAt ? ` · started ${escapeHtml(run.startedAt)}` : ""}${run.finishedAt ? ` · finished ${escapeHtml(run.finishedAt)}` : ""}</p>`,
    `<p><span class="verdict ${v.tone}" id="verdict" title="${escapeHtml(METRIC_DEFINITIONS.gates)}">${escapeHtml(v.label)}</span> <span class="muted">${escapeHtml(against)}</span></p>`,
    `<ul class="reasons">${v.reasons.map((r) => `<li class="${v.pass ? "ok" : v.tone}">${escapeHtml(r)}</li>`).join("")}</ul></header>`,
    `<h2>Setup</h2><dl>${specLines(run.spec)
      .map(([k, t]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(t)}</dd>`)
      .join("")}</dl>`,
    `<h2>Charts</h2>${legendHtml(names)}${charts.map((c) => chartHtml(c, opts.document)).join("")}`,
    profilesHtml(run),
    `<h2>Results</h2>${reportTables(run, comparison).map(tableHtml).join("")}`,
    notes.length > 0 ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : "",
    f
      ? `<h2>Environment</h2><dl><dt>studio</dt><dd>${escapeHtml(`${f.studio.version} (${f.studio.commit})`)}</dd><dt>host</dt><dd>${escapeHtml(`${f.host.cpus} CPUs${f.host.cpuModel ? ` · ${f.host.cpuModel}` : ""} · load ${f.host.loadAvg.map((x) => x.toFixed(2)).join(" / ")} · ${f.host.platform} ${f.host.release} · Node ${f.host.node}`)}</dd>${f.backends
          .map((b) => `<dt>${escapeHtml(b.name)}</dt><dd>${escapeHtml(`${b.dialect} at ${b.baseUrl}${b.identity ? ` · version ${b.identity.version ?? "?"} · model ${b.identity.modelPath ?? b.identity.servedModel ?? "?"} · dtype ${b.identity.dtype ?? "?"}` : " · identity not read"}`)}</dd>`)
          .join("")}</dl>`
      : "",
    `<h2>Definitions</h2><ul>${[...Object.values(METRIC_DEFINITIONS)].map((d) => `<li>${escapeHtml(d)}</li>`).join("")}</ul>`,
    `<footer>Generated ${escapeHtml(opts.generatedAt ?? new Date().toISOString())} by ${escapeHtml(opts.generator ?? "SGLang Studio")}. The run's full data (every request) is embedded in this file as JSON: <code>document.getElementById("run-data")</code>.</footer>`,
    `<script type="application/json" id="run-data">${scriptJson({ run, comparison })}</script>`,
    `</body></html>`,
  ];
  return parts.join("\n");
}
