import { parseHTML } from "linkedom";
import { trendChart } from "../../../../../../../lib/charts/trend";
import { throughputUnitOf } from "../../../../../../../lib/charts/units";
import { levelLabel } from "../../../../../../../lib/schemas/benchmark";
import { runHtml } from "../../../../../../../lib/report/html";
import { runMarkdown } from "../../../../../../../lib/report/markdown";
import { seriesCsv } from "../../../../../../../server/bench/runFile";
import { serverCaller } from "../../../../../../serverCaller";

/**
 * Downloads of one run: the run file (JSON, usable as `bench run --baseline` / `bench report`), one CSV
 * row per request, the markdown summary, and the self-contained HTML report (with the benchmark's trend
 * up to this run). Read through the studio's in-process caller.
 */
export const dynamic = "force-dynamic";

const TYPES = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
} as const;

type Kind = keyof typeof TYPES;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "benchmark";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string; runId: string; kind: string }> }) {
  const { id, runId, kind } = await params;
  if (!(kind in TYPES)) return new Response(`unknown download "${kind}"; use json, csv, md or html`, { status: 404 });
  const caller = serverCaller();
  let run;
  try {
    run = await caller.benchmarks.getRun({ runId, series: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "NOT_FOUND") return new Response(`no run with id ${runId}`, { status: 404 });
    throw err;
  }
  // the baseline comparison (a second read and a bootstrap) only for the formats that show it
  const comparison = async () => (await caller.benchmarkViews.compare({ runId })).comparison;
  let body: string;
  switch (kind as Kind) {
    case "json":
      body = `${JSON.stringify(run)}\n`;
      break;
    case "csv":
      body = seriesCsv(run.series);
      break;
    case "md":
      body = runMarkdown(run, { comparison: await comparison() });
      break;
    case "html": {
      const detail = await caller.benchmarkViews.detail({ id }).catch(() => null);
      const upTo = detail ? detail.runs.filter((r) => r.status === "done" && r.sameRequest && r.createdAt <= (detail.runs.find((x) => x.id === runId)?.createdAt ?? "")) : [];
      const extra =
        detail && upTo.length > 1
          ? [
              trendChart(
                upTo.map((r) => ({ id: r.id, label: `#${r.index}`, at: r.createdAt, status: r.status, tags: r.tags, source: r.source, levels: r.levels })),
                {
                  width: 940,
                  level: detail.level,
                  levelLabel: levelLabel(detail.spec.load, detail.level),
                  latency: detail.spec.gates.latency,
                  unit: throughputUnitOf(detail.spec),
                  baselineId: detail.baselineId,
                  thresholds: detail.spec.gates.thresholds,
                  backends: detail.spec.backends.map((b) => b.name),
                },
              ),
            ]
          : [];
      const { document } = parseHTML("<!doctype html><html><body></body></html>");
      body = runHtml(run, { document, comparison: await comparison(), extraCharts: extra, generator: "SGLang Studio" });
      break;
    }
  }
  const file = `${slug(run.name)}-${runId}${kind === "csv" ? "-requests" : ""}.${kind}`;
  return new Response(body, { headers: { "content-type": TYPES[kind as Kind], "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" } });
}
