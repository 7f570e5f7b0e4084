"use client";
import type { GenerateCell, Sampling } from "../../../lib/schemas/cell";
import type { Parsed } from "./cellText";
import { ParsedInput } from "./ParsedInput";
import { MonacoField } from "./MonacoField";
import { NumberField } from "./NumberField";

interface Props {
  cell: GenerateCell;
  onChange(cell: GenerateCell): void;
  onRun(): void;
}

const stopsToText = (v: string[] | undefined) => JSON.stringify(v ?? []);
function textToStops(s: string): Parsed<string[] | undefined> {
  try {
    const v: unknown = JSON.parse(s || "[]");
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { ok: true, value: v.length === 0 ? undefined : v };
  } catch {
    // fall through to the message
  }
  return { ok: false, message: 'stop strings must be a JSON list of strings, e.g. ["\\n", "."]' };
}

/** Prompt and sampling of a generate cell. Greedy (temperature 0) is the default: the only setting where two backends should agree. */
export function GenerateCellEditor({ cell, onChange, onRun }: Props) {
  const setSampling = <K extends keyof Sampling>(key: K, value: Sampling[K]) => {
    // an optional parameter set to "none" is left out, not sent as undefined
    const sampling = Object.fromEntries(Object.entries({ ...cell.sampling, [key]: value }).filter(([, v]) => v !== undefined)) as Sampling;
    onChange({ ...cell, sampling });
  };
  return (
    <div className="nb-editor">
      <MonacoField value={cell.prompt} onChange={(v) => onChange({ ...cell, prompt: v })} ariaLabel="Prompt" onRun={onRun} testId="field-prompt" minLines={2} />
      <div className="nb-options">
        <NumberField label="temperature" value={cell.sampling.temperature} onChange={(v) => setSampling("temperature", v ?? 0)} title="0 = greedy" testId="field-temperature" />
        <NumberField label="max new tokens" integer value={cell.sampling.maxNewTokens} onChange={(v) => setSampling("maxNewTokens", v ?? 1)} testId="field-max-new-tokens" />
        <NumberField label="seed" integer optional value={cell.sampling.seed} onChange={(v) => setSampling("seed", v)} placeholder="none" />
        <NumberField label="top-p" optional value={cell.sampling.topP} onChange={(v) => setSampling("topP", v)} placeholder="off" />
        <ParsedInput<string[] | undefined> className="nb-list-input" inputClassName="mono" label="stop strings (JSON list)" value={cell.sampling.stop} toText={stopsToText} fromText={textToStops} onChange={(v) => setSampling("stop", v)} />
        <NumberField label="top-k logprobs" integer value={cell.topK} onChange={(v) => onChange({ ...cell, topK: v ?? 0 })} title="Top-k logprobs per position (0–20)." testId="field-topk" />
      </div>
    </div>
  );
}
