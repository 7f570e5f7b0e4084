import { importedLevel } from "./level";
import { numberField, parsePythonJson } from "./pythonJson";
import { SOURCE_LABEL, type ImportedLevel, type ImportOutcome, type ImportSource, type ParsedImport } from "./types";

/**
 * Result files of `python -m sglang.bench_serving` (JSONL, one run per line, appended) and `vllm bench
 * serve --save-result` (one JSON object; JSONL with --append-result) into levels in our terms. Each line
 * is one load level; a later line at the same level replaces an earlier one (and says so).
 */

type Raw = Record<string, unknown>;

/** Which tool wrote this object, from the keys only that tool writes. */
export function detectSource(raw: Raw): ImportSource | null {
  const keys = Object.keys(raw);
  if (keys.some((k) => /_e2el_ms$/.test(k)) || "model_id" in raw || "endpoint_type" in raw || "burstiness" in raw) return "vllm";
  if (keys.some((k) => /_e2e_latency_ms$/.test(k)) || "dataset_name" in raw || "server_info" in raw) return "bench_serving";
  return null;
}

function objectsOf(text: string): { ok: true; objects: { line: number; raw: Raw }[] } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "the file is empty" };
  // One JSON document (vLLM's --save-result, possibly pretty-printed) …
  if (trimmed.startsWith("{")) {
    const whole = parsePythonJson(trimmed);
    if (whole.ok && typeof whole.value === "object" && whole.value !== null && !Array.isArray(whole.value)) return { ok: true, objects: [{ line: 1, raw: whole.value as Raw }] };
  }
  // … or JSON lines (bench_serving's --output-file, vLLM's --append-result).
  const objects: { line: number; raw: Raw }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).trim();
    if (l === "") continue;
    const parsed = parsePythonJson(l);
    if (!parsed.ok) return { ok: false, message: `line ${i + 1}: not JSON (${parsed.message})` };
    if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) return { ok: false, message: `line ${i + 1}: expected a JSON object with the tool's results` };
    objects.push({ line: i + 1, raw: parsed.value as Raw });
  }
  return { ok: true, objects };
}

function levelOf(raw: Raw, line: number, notes: string[]): { load: "closed" | "open"; level: number } | { error: string } {
  const rate = numberField(raw.request_rate);
  const cap = numberField(raw.max_concurrency);
  if (rate !== null && Number.isFinite(rate) && rate > 0) {
    if (cap !== null) notes.push(`line ${line}: open loop at ${rate} requests/s with at most ${cap} in flight`);
    return { load: "open", level: rate };
  }
  if (cap !== null && cap >= 1) return { load: "closed", level: cap };
  const all = numberField(raw.num_prompts) ?? numberField(raw.completed);
  if (all === null || all < 1) return { error: `line ${line}: neither max_concurrency nor a finite request_rate nor num_prompts says at what load this ran` };
  notes.push(`line ${line}: no concurrency cap and an infinite rate: every request was sent at once, recorded as concurrency ${all}`);
  return { load: "closed", level: all };
}

function workloadOf(raw: Raw, source: ImportSource): Record<string, string | number | null> {
  const keep = source === "bench_serving" ? ["backend", "dataset_name", "random_input_len", "random_output_len", "random_range_ratio", "sharegpt_output_len"] : ["backend", "endpoint_type", "model_id", "tokenizer_id"];
  const out: Record<string, string | number | null> = { tool: source };
  for (const k of keep) {
    const v = raw[k];
    out[k] = typeof v === "string" || typeof v === "number" ? v : null;
  }
  const info = raw.server_info;
  if (info && typeof info === "object" && typeof (info as Raw).model_path === "string") out.model = (info as Raw).model_path as string;
  return out;
}

/** vLLM's `date` is "YYYYMMDD-HHMMSS" in the machine's local time; kept as written, in ISO form without a zone. */
function dateOf(raw: Raw): string | null {
  const m = typeof raw.date === "string" ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(raw.date) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}

export function parseImport(text: string, opts: { source?: ImportSource } = {}): ImportOutcome {
  const read = objectsOf(text);
  if (!read.ok) return read;
  const notes: string[] = [];
  const first = read.objects[0];
  if (!first) return { ok: false, message: "the file holds no result" };
  const source = opts.source ?? detectSource(first.raw);
  if (!source) return { ok: false, message: `line ${first.line}: not a result of ${SOURCE_LABEL.bench_serving} or ${SOURCE_LABEL.vllm} (none of their keys, e.g. mean_e2e_latency_ms or mean_e2el_ms)` };
  const byLevel = new Map<number, ImportedLevel>();
  let load: "closed" | "open" | null = null;
  let requestsPerLevel = 0;
  for (const { line, raw } of read.objects) {
    if (numberField(raw.request_throughput) === null) return { ok: false, message: `line ${line}: no request_throughput; is this a ${SOURCE_LABEL[source]} result?` };
    const at = levelOf(raw, line, notes);
    if ("error" in at) return { ok: false, message: at.error };
    if (load !== null && at.load !== load) return { ok: false, message: `line ${line}: the file mixes fixed-rate runs and concurrency runs; import them as separate files` };
    load = at.load;
    const previous = byLevel.get(at.level);
    if (previous) notes.push(`line ${line} replaces line ${previous.line} (same level ${at.level})`);
    byLevel.set(at.level, importedLevel(raw, line, at.level, source, notes));
    requestsPerLevel = Math.max(requestsPerLevel, numberField(raw.num_prompts) ?? (numberField(raw.completed) ?? 0) + (numberField(raw.failed) ?? 0));
  }
  const last = (read.objects.at(-1) as { raw: Raw }).raw;
  const label = typeof last.tag === "string" ? last.tag : typeof last.label === "string" ? last.label : null;
  const value: ParsedImport = {
    source,
    load: load ?? "closed",
    levels: [...byLevel.values()].sort((a, b) => a.level - b.level),
    workload: workloadOf(last, source),
    date: dateOf(last),
    label,
    requestsPerLevel: Math.max(1, Math.round(requestsPerLevel)),
    notes,
  };
  return { ok: true, value };
}
