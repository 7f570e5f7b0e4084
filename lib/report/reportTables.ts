import type { RunResult } from "../schemas/benchmarkRun";
import type { BaselineComparison } from "./baseline";
import type { Table } from "./table";
import { baselineTable, differenceTable, gatesTable, latencyTable, throughputTable } from "./tables";
import { runVerdict } from "./verdict";

/** The tables of a run report, in reading order: gates, latency, throughput, A/B, baseline. */
export function reportTables(run: Pick<RunResult, "levels" | "spec" | "gates" | "status" | "reason">, comparison: BaselineComparison | null): Table[] {
  const v = runVerdict(run, comparison);
  const tables = [gatesTable(v.gates, run.levels), latencyTable(run), throughputTable(run)];
  if (run.spec.backends.length > 1) tables.push(differenceTable(run));
  if (comparison?.ok) tables.push(baselineTable(comparison));
  return tables;
}
