import type { BackendLevel, SeriesData } from "../schemas/benchmarkRun";

/** Which tool wrote the file. */
export type ImportSource = "bench_serving" | "vllm";

export const SOURCE_LABEL: Record<ImportSource, string> = {
  bench_serving: "python -m sglang.bench_serving",
  vllm: "vllm bench serve --save-result",
};

/** One result in the file (one line of a JSONL file, or the one JSON object): one load level. */
export interface ImportedLevel {
  /** 1-based line of the file (1 for a JSON file). */
  line: number;
  /** Concurrency (closed loop) or request rate (open loop). */
  level: number;
  /** The level's numbers in our terms; anything the file lacks is null, never 0. */
  result: BackendLevel;
  /** Per-request data when the file has it (--output-details / --save-detailed), else null. */
  series: SeriesData | null;
  /** The tool's own headline numbers, kept to check ours against. */
  tool: Record<string, number | null>;
}

export interface ParsedImport {
  source: ImportSource;
  load: "closed" | "open";
  levels: ImportedLevel[];
  /** What the tool sent (dataset, lengths, model): identifies the workload when it is not the benchmark's own request. */
  workload: Record<string, string | number | null>;
  /** When the file says it ran, ISO; null when it does not say. */
  date: string | null;
  /** The tool's tag / label, if any. */
  label: string | null;
  /** Requests per level the tool was asked to send (num_prompts), else the most completed. */
  requestsPerLevel: number;
  /** Which of our fields the file could not fill, and other caveats, in words. */
  notes: string[];
}

export type ImportOutcome = { ok: true; value: ParsedImport } | { ok: false; message: string };
