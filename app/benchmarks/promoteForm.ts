import type { Arrival, BenchmarkSettingsInput, LoadProfile } from "../../lib/schemas/benchmark";
import type { RunnableCell } from "../../lib/schemas/cell";
import type { EstimateInput } from "../../lib/report/estimate";

/**
 * The Promote dialog's fields as the user types them (text), their defaults for a cell, and the
 * benchmark settings they make — or, per field, what to fix. Defaults: closed loop at concurrency
 * 1, 4, 16; 50 requests per level; 1 warmup; 1 trial; backends one after the other; gates −10%
 * throughput, +15% p95, +1 point errors, and the cell's own parity rule.
 */
export interface PromoteForm {
  name: string;
  backendA: string;
  backendB: string;
  loadKind: LoadProfile["kind"];
  concurrency: string;
  rates: string;
  arrival: Arrival;
  burstiness: string;
  maxConcurrency: string;
  items: string;
  itemsConcurrency: string;
  sizeBy: "requests" | "seconds";
  requestsPerLevel: string;
  secondsPerLevel: string;
  warmup: string;
  trials: string;
  schedule: "sequential" | "concurrent";
  logprobs: "all" | "parity-only";
  ignoreEos: boolean;
  sloTtftMs: string;
  sloTpotMs: string;
  sloE2eMs: string;
  throughputDropPct: string;
  p95IncreasePct: string;
  errorRateIncreasePts: string;
  latency: "e2e" | "ttft";
  parity: "cell" | "off";
  baselineRunId: string;
}

export function defaultForm(cell: RunnableCell, backends: { a: string; b: string }): PromoteForm {
  return {
    name: cell.title?.trim() || `${cell.kind} cell ${cell.id}`,
    backendA: backends.a,
    backendB: backends.b,
    loadKind: "closed",
    concurrency: "1, 4, 16",
    rates: "2, 5, 10",
    arrival: "poisson",
    burstiness: "1",
    maxConcurrency: "",
    items: "1, 10, 100",
    itemsConcurrency: "1",
    sizeBy: "requests",
    requestsPerLevel: "50",
    secondsPerLevel: "30",
    warmup: "1",
    trials: "1",
    schedule: "sequential",
    logprobs: "all",
    ignoreEos: false,
    sloTtftMs: "",
    sloTpotMs: "",
    sloE2eMs: "",
    throughputDropPct: "10",
    p95IncreasePct: "15",
    errorRateIncreasePts: "1",
    latency: "e2e",
    parity: "cell",
    baselineRunId: "",
  };
}

export type FormErrors = Partial<Record<keyof PromoteForm, string>>;

function numberList(text: string, field: keyof PromoteForm, errors: FormErrors, integer: boolean): number[] {
  const parts = text.split(/[\s,]+/).filter((p) => p !== "");
  if (parts.length === 0) {
    errors[field] = "give at least one level, e.g. 1, 4, 16";
    return [];
  }
  const values = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(values[i]) || (values[i] as number) <= 0 || (integer && !Number.isInteger(values[i])));
  if (bad !== undefined) errors[field] = `"${bad}" is not a ${integer ? "whole number" : "number"} above 0`;
  return values;
}

function num(text: string, field: keyof PromoteForm, errors: FormErrors, o: { min: number; integer?: boolean; optional?: boolean }): number | undefined {
  if (text.trim() === "") {
    if (!o.optional) errors[field] = "required";
    return undefined;
  }
  const v = Number(text);
  if (!Number.isFinite(v) || v < o.min || (o.integer && !Number.isInteger(v))) errors[field] = `must be ${o.integer ? "a whole number" : "a number"} ≥ ${o.min}`;
  return v;
}

export type Settings = Omit<BenchmarkSettingsInput, "name">;

export function loadOf(f: PromoteForm, errors: FormErrors): LoadProfile {
  switch (f.loadKind) {
    case "closed":
      return { kind: "closed", concurrency: numberList(f.concurrency, "concurrency", errors, true) };
    case "open":
      return {
        kind: "open",
        rates: numberList(f.rates, "rates", errors, false),
        arrival: f.arrival,
        burstiness: f.arrival === "gamma" ? (num(f.burstiness, "burstiness", errors, { min: 0.001 }) ?? 1) : 1,
        maxConcurrency: num(f.maxConcurrency, "maxConcurrency", errors, { min: 1, integer: true, optional: true }),
      };
    case "items":
      return { kind: "items", items: numberList(f.items, "items", errors, true), concurrency: num(f.itemsConcurrency, "itemsConcurrency", errors, { min: 1, integer: true }) ?? 1 };
  }
}

/** The settings the form makes, or the fields to fix. */
export function settingsOf(f: PromoteForm, cell: RunnableCell): { settings: Settings; errors: FormErrors } {
  const errors: FormErrors = {};
  if (f.name.trim() === "") errors.name = "the benchmark needs a name";
  if (f.backendA === "") errors.backendA = "choose backend A";
  if (f.backendB !== "" && f.backendB === f.backendA) errors.backendB = "B must differ from A (or leave B empty)";
  const load = loadOf(f, errors);
  const perLevel =
    f.sizeBy === "requests"
      ? { requestsPerLevel: num(f.requestsPerLevel, "requestsPerLevel", errors, { min: 1, integer: true }) }
      : { secondsPerLevel: num(f.secondsPerLevel, "secondsPerLevel", errors, { min: 0.1 }) };
  const slo = {
    ttftMs: num(f.sloTtftMs, "sloTtftMs", errors, { min: 0.001, optional: true }),
    tpotMs: num(f.sloTpotMs, "sloTpotMs", errors, { min: 0.001, optional: true }),
    e2eMs: num(f.sloE2eMs, "sloE2eMs", errors, { min: 0.001, optional: true }),
  };
  const settings: Settings = {
    load,
    ...perLevel,
    warmup: num(f.warmup, "warmup", errors, { min: 0, integer: true }),
    trials: num(f.trials, "trials", errors, { min: 1, integer: true }),
    schedule: f.schedule,
    ...(cell.kind === "generate" ? { logprobs: f.logprobs, ignoreEos: f.ignoreEos } : {}),
    slo,
    gates: {
      thresholds: {
        throughputDropPct: num(f.throughputDropPct, "throughputDropPct", errors, { min: 0 }),
        p95IncreasePct: num(f.p95IncreasePct, "p95IncreasePct", errors, { min: 0 }),
        errorRateIncreasePts: num(f.errorRateIncreasePts, "errorRateIncreasePts", errors, { min: 0 }),
      },
      latency: cell.kind === "generate" ? f.latency : "e2e",
      parity: f.parity === "off" ? null : cell.rule,
    },
  };
  return { settings, errors };
}

export function estimateInputOf(f: PromoteForm, cell: RunnableCell, latencyMs: number | null): EstimateInput | null {
  const errors: FormErrors = {};
  const load = loadOf(f, errors);
  const n = (t: string) => (t.trim() === "" ? Number.NaN : Number(t));
  const perLevel = f.sizeBy === "requests" ? { requestsPerLevel: n(f.requestsPerLevel) } : { secondsPerLevel: n(f.secondsPerLevel) };
  const numbers = [n(f.warmup), n(f.trials), perLevel.requestsPerLevel ?? perLevel.secondsPerLevel ?? Number.NaN];
  if (Object.keys(errors).length > 0 || numbers.some((x) => !Number.isFinite(x) || x < 0)) return null;
  return {
    load,
    ...perLevel,
    warmup: n(f.warmup),
    trials: Math.max(1, n(f.trials)),
    schedule: f.schedule,
    backends: f.backendB === "" ? 1 : 2,
    latencyMs,
    cellItems: cell.kind === "score" ? cell.items.length : undefined,
  };
}
