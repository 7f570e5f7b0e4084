import type { BackendConfig } from "../../../lib/schemas/backend";
import { BenchmarkDraft, type BenchmarkDraftInput, type BenchmarkSpec, type RequestSnapshot } from "../../../lib/schemas/benchmark";
import type { BenchProgress, RunResult } from "../../../lib/schemas/benchmarkRun";
import { runInMemory } from "../../../server/bench/execute";
import type { StorageBudget } from "../../../server/bench/runner";
import { sealSpec } from "../../../server/bench/requestHash";

/** Test helpers for the benchmark runner: specs from a few fields, backends from URLs, runs in memory. */

export const GENERATE: RequestSnapshot = { kind: "generate", ids: [1, 2, 3, 4], sampling: { maxNewTokens: 8, temperature: 0 }, topLogprobs: 0 };
export const SCORE: RequestSnapshot = { kind: "score", query: [1, 2, 3], items: [[4], [5, 6]], labelIds: [7, 8], applySoftmax: true, itemFirst: false };

export function specOf(urls: string[], fields: Partial<BenchmarkDraftInput> = {}): BenchmarkSpec {
  const draft = BenchmarkDraft.parse({
    name: "test",
    requests: [GENERATE],
    backends: urls.map((baseUrl, i) => ({ name: i === 0 ? "a" : "b", dialect: "sglang", baseUrl })),
    load: { kind: "closed", concurrency: [1] },
    requestsPerLevel: 10,
    warmup: 1,
    telemetryIntervalMs: 0,
    ...fields,
  });
  const sealed = sealSpec(draft);
  if (!sealed.ok) throw new Error(sealed.message);
  return sealed.spec;
}

export function configsOf(spec: BenchmarkSpec): { name: string; config: BackendConfig }[] {
  return spec.backends.map((b, i) => ({
    name: b.name,
    config: { id: `t${i}`, name: b.name, dialect: b.dialect, baseUrl: b.baseUrl, model: b.model, apiKey: null, source: "user" },
  }));
}

export async function run(
  spec: BenchmarkSpec,
  opts: { signal?: AbortSignal; publish?: (p: BenchProgress) => void; baseline?: RunResult; storage?: StorageBudget } = {},
): Promise<RunResult> {
  return runInMemory({
    spec,
    backends: configsOf(spec),
    signal: opts.signal ?? new AbortController().signal,
    version: { version: "test", commit: "test" },
    baseline: opts.baseline ?? null,
    attachDir: null,
    publish: opts.publish,
    ...(opts.storage ? { storage: opts.storage } : {}),
  });
}

/** A loopback URL on which nothing listens. */
export { unreachableUrl as refusedUrl } from "../../helpers/fixtureBackend";

export function levelOf(run: RunResult, level: number, backend: string) {
  const b = run.levels.find((l) => l.level === level)?.backends.find((x) => x.name === backend);
  if (!b) throw new Error(`no level ${level} for ${backend}`);
  return b;
}
