import { BenchmarkDraft, levelsOf, type BenchmarkDraftInput } from "../../../lib/schemas/benchmark";
import type { RunResult, RunSeries, TelemetrySeries } from "../../../lib/schemas/benchmarkRun";
import { Rng } from "../../../lib/stats/rng";
import { appendToSeries, emptySeries } from "../../../lib/stats/seriesRecords";
import { sealSpec } from "../../../server/bench/requestHash";
import { buildRunResult } from "../../../server/bench/runFile";
import { summarizeRun } from "../../../server/bench/summary";

/**
 * A seeded, realistic generate run: two backends, closed-loop levels, streamed chunks with token counts,
 * a few failures, and telemetry whose queue grows at the top level (so saturation shows). Same seed,
 * same run. Summarised by the runner's own summarizeRun, so its numbers are what a real run stores.
 */
export interface SyntheticOptions {
  seed?: number;
  requestsPerLevel?: number;
  concurrency?: number[];
  outputTokens?: number;
  /** B's latency as a multiple of A's. */
  slowdown?: number;
  kind?: "generate" | "score";
  spec?: Partial<BenchmarkDraftInput>;
}

export function syntheticSpec(o: SyntheticOptions = {}) {
  const kind = o.kind ?? "generate";
  const sealed = sealSpec(
    BenchmarkDraft.parse({
      name: "synthetic",
      requests: kind === "score" ? [{ kind: "score", query: [1, 2, 3], items: [[4], [5]], labelIds: [6, 7] }] : [{ kind: "generate", ids: [1, 2, 3, 4], sampling: { maxNewTokens: o.outputTokens ?? 32 } }],
      backends: [
        { name: "sglang", dialect: "sglang", baseUrl: "http://127.0.0.1:30000" },
        { name: "sglang-jax", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:30001" },
      ],
      load: { kind: "closed", concurrency: o.concurrency ?? [1, 4, 16] },
      requestsPerLevel: o.requestsPerLevel ?? 100,
      warmup: 2,
      gates: { parity: null },
      ...o.spec,
    }),
  );
  if (!sealed.ok) throw new Error(sealed.message);
  return sealed.spec;
}

export function syntheticRun(o: SyntheticOptions = {}): RunResult {
  const spec = syntheticSpec(o);
  const rng = new Rng(o.seed ?? 1);
  const kind = spec.requests[0]?.kind ?? "generate";
  const tokens = o.outputTokens ?? 32;
  const series: RunSeries[] = [];
  const telemetry: TelemetrySeries[] = spec.backends.map((b) => ({ backend: b.name, source: "/metrics", samples: [] }));
  let clock = 0;
  spec.backends.forEach((b, bi) => {
    const scale = bi === 0 ? 1 : (o.slowdown ?? 1.2);
    levelsOf(spec.load).forEach((level, li) => {
      const d = emptySeries();
      const lanes = new Array<number>(level).fill(0);
      const n = spec.requestsPerLevel ?? 100;
      const saturating = li === levelsOf(spec.load).length - 1;
      for (let i = 0; i < n; i++) {
        const lane = i % level;
        const start = lanes[lane] as number;
        const growth = saturating ? 1 + i / n : 1;
        const ttft = (20 + 10 * rng.next() + level) * scale * growth;
        const chunkTimes: number[] = [];
        const chunkTokens: number[] = [];
        let t = ttft;
        let produced = 0;
        if (kind === "generate") {
          while (produced < tokens) {
            const k = rng.next() < 0.1 ? 2 : 1;
            chunkTimes.push(t);
            chunkTokens.push(Math.min(k, tokens - produced));
            produced += k;
            t += (5 + 2 * rng.next() + produced * 0.02) * scale;
          }
        }
        const e2e = kind === "generate" ? (chunkTimes.at(-1) as number) + 0.5 : ttft * 2;
        const ok = rng.next() > 0.01;
        appendToSeries(d, {
          startOffsetMs: start,
          ttftMs: kind === "generate" ? ttft : null,
          e2eMs: ok ? e2e : null,
          chunkTimesMs: ok ? chunkTimes : chunkTimes.slice(0, 3),
          chunkTokens: ok ? chunkTokens : chunkTokens.slice(0, 3),
          outputTokens: ok && kind === "generate" ? Math.min(produced, tokens) : null,
          promptTokens: 4,
          cachedTokens: 3,
          items: kind === "score" ? 2 : 0,
          ok,
          errorKind: ok ? null : "stream-cut",
          snapshot: 0,
          sendLagMs: 0,
          error: ok ? null : { kind: "stream-cut", message: "the stream stopped before its final chunk" },
        });
        lanes[lane] = start + e2e;
      }
      const span = Math.max(...lanes);
      series.push({ backend: b.name, level, trial: 0, warmup: false, startMs: clock, data: d });
      const samples = telemetry[bi]!.samples;
      for (let t = 0, step = Math.min(1000, span / 20); t <= span; t += step) {
        samples.push({ tMs: clock + t, level, queue: saturating ? Math.round((t / span) * level) : 0, running: level, cacheHitRate: 0.75, tokenUsage: 0.2, genThroughput: null, error: null });
      }
      clock += span + 50;
    });
  });
  const summary = summarizeRun({ spec, status: "done", series, telemetry, parity: [], baseline: null, profiles: [], runStartEpochMs: Date.UTC(2026, 10, 25) });
  return buildRunResult({
    id: `synthetic-${o.seed ?? 1}`,
    benchmarkId: "bench-1",
    name: spec.name,
    status: "done",
    reason: null,
    startedAt: "2026-11-25T10:00:00.000Z",
    finishedAt: "2026-11-25T10:05:00.000Z",
    spec,
    fingerprint: null,
    summary,
    telemetry,
    series,
  });
}
