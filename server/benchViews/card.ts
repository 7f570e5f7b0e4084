import { BenchmarkSpec } from "../../lib/schemas/benchmark";
import { benchmarkCard, type BenchmarkCardData } from "../../lib/report/card";
import type { Db } from "../db/client";
import type { Benchmark as BenchmarkRow } from "../db/generated/prisma/client";
import { baselineOf, historyOf, historyVerdict } from "./history";

/** The summary card of one benchmark (for share snapshots). */
async function cardOf(db: Db, row: BenchmarkRow): Promise<BenchmarkCardData> {
  const spec = BenchmarkSpec.parse(JSON.parse(row.spec));
  const runs = await historyOf(db, row.id);
  const baseline = await baselineOf(db, runs, row.baselineId);
  return benchmarkCard({
    id: row.id,
    name: row.name,
    spec,
    runs: runs.map((r) => ({ id: r.id, index: r.index, status: r.status, reason: r.reason, finishedAt: r.finishedAt, levels: r.summary?.levels ?? [], gates: r.summary?.gates ?? [] })),
    verdictOf: (id) => {
      const r = runs.find((x) => x.id === id);
      const v = r ? historyVerdict(r, baseline, row.name) : undefined;
      return v ? { label: v.label, tone: v.tone, pass: v.pass, reasons: v.reasons } : undefined;
    },
  });
}

/** Cards of every benchmark promoted from a notebook's cells, newest first. */
export async function benchmarkCardsForNotebook(db: Db, notebookId: string): Promise<BenchmarkCardData[]> {
  const rows = await db.benchmark.findMany({ where: { notebookId }, orderBy: { createdAt: "desc" } });
  return Promise.all(rows.map((r) => cardOf(db, r)));
}
