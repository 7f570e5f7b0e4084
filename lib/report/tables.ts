import type { LevelResult, RunGate, RunResult } from "../schemas/benchmarkRun";
import type { AbDifference, Summary } from "../schemas/stats";
import { METRIC_DEFINITIONS as DEF } from "../charts/definitions";
import { UNIT_LABEL, throughputUnitOf } from "../charts/units";
import type { BaselineComparison } from "./baseline";
import { fmtChangePct, fmtInterval, fmtNum, fmtPct, fmtSigned, fmtWithCi, MISSING } from "./format";
import { cell, type Table, type TableCell } from "./table";

type RunTables = Pick<RunResult, "levels" | "spec">;

const LATENCY_METRICS = [
  { key: "ttftMs", name: "TTFT", def: DEF.ttft, streamOnly: true },
  { key: "itlMs", name: "ITL", def: DEF.itl, streamOnly: true },
  { key: "tpotMs", name: "TPOT", def: DEF.tpot, streamOnly: true },
  { key: "e2eMs", name: "E2E", def: DEF.e2e, streamOnly: false },
] as const;

const ci = (s: Summary, p: "p50" | "p95" | "p99") => cell(fmtWithCi(s[p], s.ci95[p]), { title: `${p} with its ${DEF.ci95}` });

/** Every latency metric per level and backend: n, mean, p50/p90/p95/p99 (95% intervals on p50/p95/p99), max. */
export function latencyTable(run: RunTables): Table {
  const streamed = run.spec.requests[0]?.kind === "generate";
  const rows: TableCell[][] = [];
  for (const l of run.levels) {
    for (const b of l.backends) {
      for (const m of LATENCY_METRICS) {
        if (m.streamOnly && !streamed) continue;
        const s = b.metrics[m.key];
        rows.push([
          cell(l.label),
          cell(b.name),
          cell(m.name, { title: m.def }),
          cell(String(s.n), { title: s.dropped > 0 ? `${s.dropped} samples had no value and were left out` : undefined }),
          cell(fmtNum(s.mean)),
          ci(s, "p50"),
          cell(fmtNum(s.p90)),
          ci(s, "p95"),
          ci(s, "p99"),
          cell(fmtNum(s.max)),
        ]);
      }
    }
  }
  return {
    id: "latency",
    caption: "Latency (ms)",
    definition: `${DEF.percentile} ${DEF.ci95}`,
    head: ["level", "backend", "metric", "n", "mean", "p50 [95% CI]", "p90", "p95 [95% CI]", "p99 [95% CI]", "max"].map((t) => cell(t)),
    rows,
    empty: "No level was measured.",
  };
}

function errorsText(byKind: Record<string, number>): string {
  const parts = Object.entries(byKind).map(([k, n]) => `${k} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "";
}

/** Counts, errors by kind, throughput with intervals, goodput, requests in flight, cache hits, saturation. */
export function throughputTable(run: RunTables): Table {
  const score = run.spec.requests[0]?.kind === "score";
  const unit = throughputUnitOf(run.spec);
  const rows: TableCell[][] = [];
  for (const l of run.levels) {
    for (const b of l.backends) {
      const t = b.throughput;
      const errorRate = b.counts.errorRate;
      rows.push([
        cell(l.label),
        cell(b.name),
        cell(String(b.counts.ok)),
        cell(errorRate === null ? MISSING : `${b.counts.errors}${errorsText(b.counts.byKind) ? ` (${errorsText(b.counts.byKind)})` : ""}`, { tone: b.counts.errors > 0 ? "bad" : undefined, title: errorRate === null ? "not recorded" : DEF.errorRate }),
        cell(fmtPct(errorRate), { title: DEF.errorRate }),
        cell(fmtWithCi(t.requestsPerSec, t.ci95.requestsPerSec), { title: DEF.throughput }),
        score
          ? cell(fmtWithCi(t.itemsPerSec, t.ci95.itemsPerSec), { title: DEF.throughput })
          : cell(fmtWithCi(t.outputTokensPerSec, t.ci95.outputTokensPerSec), { title: t.outputTokensMissing > 0 ? `${t.outputTokensMissing} successful requests had no server token count and are left out. ${DEF.tokens}` : DEF.tokens }),
        cell(b.goodput ? `${fmtNum(b.goodput.perS)} (${fmtPct(b.goodput.fraction)})` : MISSING, { title: b.goodput ? DEF.goodput : "no SLO was given" }),
        cell(fmtNum(t.concurrency), { title: "Σ time each request was in flight (send → last byte, or → its failure) ÷ level duration: requests in flight on average, failed ones included" }),
        cell(fmtPct(b.cacheHitRate), { title: "Σ cached prompt tokens ÷ Σ prompt tokens, from the server's counts" }),
        cell(b.saturation.status, { tone: b.saturation.status === "saturated" ? "warn" : b.saturation.status === "stable" ? "ok" : "muted", title: `${b.saturation.reason} ${DEF.saturation}` }),
      ]);
    }
  }
  return {
    id: "throughput",
    caption: "Requests and throughput",
    definition: `${DEF.throughput} ${DEF.ci95} ${DEF.warmup}`,
    head: ["level", "backend", "ok", "errors", "error rate", "requests/s [95% CI]", `${UNIT_LABEL[unit]} [95% CI]`, "goodput/s (met)", "in flight", "cache hits", "saturation"].map((t) => cell(t)),
    rows,
    empty: "No level was measured.",
  };
}

function significance(d: AbDifference): TableCell {
  if (d.diff === null) return cell(MISSING, { tone: "muted" });
  if (d.ci95 === null) return cell("no interval", { tone: "muted", title: "no per-request data on one side" });
  return d.significant ? cell("significant", { tone: "warn", title: DEF.significance }) : cell("not significant", { tone: "muted", title: DEF.significance });
}

function differenceRow(level: string, who: string, metric: string, d: AbDifference, digits = 1): TableCell[] {
  return [cell(level), cell(who), cell(metric), cell(fmtNum(d.a, digits)), cell(fmtNum(d.b, digits)), cell(fmtSigned(d.diff, digits)), cell(fmtChangePct(d.relativePct)), cell(fmtInterval(d.ci95, digits), { title: DEF.ci95 }), significance(d)];
}

const DIFF_HEAD = (a: string, b: string) => ["level", "backends", "metric", a, b, "difference", "change", "95% CI of difference", "significance"].map((t) => cell(t));

/** B − A within the run, per level: p50 and p95 of the gated latency, and throughput. */
export function differenceTable(run: RunTables): Table {
  const rows: TableCell[][] = [];
  for (const l of run.levels) {
    const d = l.difference;
    if (!d) continue;
    const lat = d.latency === "ttft" ? "TTFT" : "E2E";
    const who = `${d.b} − ${d.a}`;
    rows.push(differenceRow(l.label, who, `p50 ${lat} (ms)`, d.latencyP50), differenceRow(l.label, who, `p95 ${lat} (ms)`, d.latencyP95), differenceRow(l.label, who, UNIT_LABEL[d.throughputUnit], d.throughput));
  }
  return {
    id: "difference",
    caption: "A/B difference (B − A)",
    definition: DEF.significance,
    head: DIFF_HEAD("A", "B"),
    rows,
    empty: "The run has one backend: there is no A/B difference.",
  };
}

/** Each backend against its baseline namesake, per level. */
export function baselineTable(c: Extract<BaselineComparison, { ok: true }>): Table {
  const lat = c.latency === "ttft" ? "TTFT" : "E2E";
  const rows: TableCell[][] = [];
  for (const l of c.levels) {
    for (const b of l.backends) {
      const who = `${b.name} vs baseline ${b.against}`;
      rows.push(differenceRow(l.label, who, `p50 ${lat} (ms)`, b.latencyP50), differenceRow(l.label, who, `p95 ${lat} (ms)`, b.latencyP95), differenceRow(l.label, who, UNIT_LABEL[c.unit], b.throughput));
    }
  }
  return {
    id: "baseline",
    caption: `Against the baseline run ${c.baseline.id}`,
    definition: DEF.significance,
    head: DIFF_HEAD("baseline", "this run"),
    rows,
    empty: "No level in common with the baseline.",
  };
}

function gateValue(g: RunGate): string {
  if (g.value === null) return MISSING;
  return g.name === "error-rate" ? `${fmtSigned(g.value, 2)} pts` : fmtChangePct(g.value);
}

function gateThreshold(g: RunGate): string {
  if (g.threshold === null) return MISSING;
  return g.name === "error-rate" ? `+${g.threshold} pts` : fmtChangePct(g.threshold, 0);
}

export function gatesTable(gates: ReadonlyArray<RunGate>, levels: ReadonlyArray<LevelResult>): Table {
  return {
    id: "gates",
    caption: "Gates",
    definition: DEF.gates,
    head: ["level", "backend", "against", "gate", "change", "fails at", "result", "reason"].map((t) => cell(t)),
    rows: gates.map((g) => [
      cell(levelName(levels, g.level)),
      cell(g.backend),
      cell(g.against),
      cell(g.name, { title: DEF.gates }),
      cell(gateValue(g)),
      cell(gateThreshold(g)),
      cell(g.pass ? "pass" : "FAIL", { tone: g.pass ? "ok" : "bad" }),
      cell(g.reason),
    ]),
    empty: "No gate was evaluated (see the notes: one backend and no baseline, or a level measured on one backend only).",
  };
}

/** Level number → label, for gate rows that carry only the number. */
export function levelName(levels: ReadonlyArray<LevelResult>, level: number): string {
  return levels.find((l) => l.level === level)?.label ?? String(level);
}
