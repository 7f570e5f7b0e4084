import type { LevelResult, RunResult, RunSeries } from "../schemas/benchmarkRun";

/**
 * A run's requests as rows on the run's clock (ms since the run started), read straight from the
 * column-wise series: what the per-request charts draw. Failed requests keep their times (they are
 * drawn as errors), but never yield latency samples.
 */
export interface RequestRow {
  backend: string;
  level: number;
  trial: number;
  warmup: boolean;
  /** Send time, ms since the run started. */
  sendMs: number;
  ttftMs: number | null;
  e2eMs: number | null;
  ok: boolean;
  errorKind: string | null;
}

export type RunData = Pick<RunResult, "series" | "levels" | "spec"> & Partial<Pick<RunResult, "telemetry">>;

export function requestRows(series: ReadonlyArray<RunSeries>, opts: { warmup?: boolean } = {}): RequestRow[] {
  const out: RequestRow[] = [];
  for (const s of series) {
    if (s.warmup && !opts.warmup) continue;
    const d = s.data;
    for (let i = 0; i < d.startOffsetMs.length; i++) {
      out.push({
        backend: s.backend,
        level: s.level,
        trial: s.trial,
        warmup: s.warmup,
        sendMs: s.startMs + (d.startOffsetMs[i] as number),
        ttftMs: d.ttftMs[i] ?? null,
        e2eMs: d.e2eMs[i] ?? null,
        ok: d.ok[i] ?? false,
        errorKind: d.errorKind[i] ?? null,
      });
    }
  }
  return out;
}

/** Successful latencies of one metric, grouped by backend and level: `${backend}\u0000${level}` → values. */
export function latencyGroups(series: ReadonlyArray<RunSeries>, metric: "ttft" | "e2e"): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const s of series) {
    if (s.warmup) continue;
    const key = groupKey(s.backend, s.level);
    let values = groups.get(key);
    if (!values) groups.set(key, (values = []));
    const column = metric === "ttft" ? s.data.ttftMs : s.data.e2eMs;
    column.forEach((v, i) => {
      if (v !== null && Number.isFinite(v) && s.data.ok[i]) values.push(v);
    });
  }
  return groups;
}

export function groupKey(backend: string, level: number): string {
  return `${backend}\u0000${level}`;
}

/** The run's backend names in spec order (then any others its series name). */
export function backendNames(run: Pick<RunResult, "spec" | "series" | "levels">): string[] {
  const names = run.spec.backends.map((b) => b.name);
  for (const l of run.levels) for (const b of l.backends) if (!names.includes(b.name)) names.push(b.name);
  for (const s of run.series) if (!names.includes(s.backend)) names.push(s.backend);
  return names;
}

