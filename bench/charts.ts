/**
 * Time to build every chart of a 10,000-request run. Run: `npx tsx bench/charts.ts`.
 *
 * A seeded synthetic generate run (two backends × three closed-loop levels × 1,667 requests, 32 streamed
 * tokens each, telemetry, one saturated level) is summarised by the runner's own code, then all five
 * run charts (ECDF, box per level, throughput vs p95, ITL by position, timeline with telemetry) are built
 * from the run and rendered to SVG markup through linkedom — the server/report path; the browser runs
 * the same builders with its own document. The first build in the process (cold: Plot's code not yet
 * optimised) is reported apart from the median of the next ones. Target: under 1,000 ms. Also prints
 * the time and size of the whole self-contained HTML report of that run. Each backend's last level carries a
 * profile with the most spans one keeps, laid under the timeline's requests.
 */
import { performance } from "node:perf_hooks";
import { parseHTML } from "linkedom";
import { chartMarkup } from "../lib/charts/chartSpec";
import { runCharts } from "../lib/charts/runCharts";
import { runHtml } from "../lib/report/html";
import { percentile } from "../lib/stats/descriptive";
import { PROFILE_SPAN_CAP } from "../server/bench/profileTrace";
import { syntheticRun } from "../test/unit/charts/syntheticRun";

const TARGET_MS = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function buildAll(run: Parameters<typeof runCharts>[0], document: Document): { ms: number; bytes: number; perChart: Record<string, number> } {
  const t0 = performance.now();
  const perChart: Record<string, number> = {};
  let bytes = 0;
  for (const spec of runCharts(run, { width: 940 })) {
    const t = performance.now();
    bytes += chartMarkup(spec, document)?.length ?? 0;
    perChart[spec.key] = performance.now() - t;
  }
  return { ms: performance.now() - t0, bytes, perChart };
}

const setup = performance.now();
const base = syntheticRun({ seed: 20261125, requestsPerLevel: 1667, concurrency: [1, 8, 64] });
// The worst case the timeline draws under the requests: each backend's level 64 profiled, with the most
// spans a profile keeps (PROFILE_SPAN_CAP), spread over its level on three tracks.
const run = {
  ...base,
  profiles: base.series
    .filter((x) => x.level === 64 && !x.warmup)
    .map((x) => {
      const end = x.data.startOffsetMs.reduce((m, t, i) => Math.max(m, t + (x.data.e2eMs[i] ?? 0)), 0);
      const spans = Array.from({ length: PROFILE_SPAN_CAP }, (_, i) => ({
        name: i % 2 ? "decode" : "prefill",
        startMs: x.startMs + (i / PROFILE_SPAN_CAP) * end,
        durMs: end / PROFILE_SPAN_CAP / 2,
        track: `scheduler · tp${i % 3}`,
      }));
      return { backend: x.backend, level: 64, trial: 0, startedAtMs: x.startMs, startedAtEpochMs: 0, stoppedAtMs: x.startMs + end, outputDir: "/tmp/p", files: [], note: "bench", spans, spansDropped: 0 };
    }),
};
const requests = run.series.reduce((n, s) => n + s.data.ok.length, 0);
process.stderr.write(`synthetic run: ${requests} requests, built and summarised in ${Math.round(performance.now() - setup)} ms (not timed)\n`);

const { document } = parseHTML("<!doctype html><html><body></body></html>");
const cold = buildAll(run, document);
const warm = Array.from({ length: RUNS }, () => buildAll(run, document));
const median = percentile(
  warm.map((w) => w.ms),
  50,
) as number;
const fmt = (ms: number) => `${Math.round(ms)} ms`;
const reportStart = performance.now();
const html = runHtml(run, { document, generatedAt: "bench" });
const reportMs = performance.now() - reportStart;
const line = (label: string, r: { ms: number; perChart: Record<string, number> }) =>
  `${label}: ${fmt(r.ms)} (${Object.entries(r.perChart)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(", ")})`;
process.stdout.write(
  [
    `charts for a ${requests}-request run (5 charts, SVG via linkedom, ${Math.round(cold.bytes / 1024)} KiB of markup)`,
    line("cold (first build in the process)", cold),
    `warm median of ${RUNS}: ${fmt(median)}`,
    `target < ${TARGET_MS} ms: ${cold.ms < TARGET_MS && median < TARGET_MS ? "met" : "NOT met"}`,
    `whole HTML report (charts, tables, every request as JSON): ${fmt(reportMs)}, ${(html.length / 1024 / 1024).toFixed(1)} MiB`,
    "",
  ].join("\n"),
);
process.exitCode = cold.ms < TARGET_MS && median < TARGET_MS ? 0 : 1;
