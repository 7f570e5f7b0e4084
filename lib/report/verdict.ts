import type { RunGate, RunResult } from "../schemas/benchmarkRun";
import { comparedOnSpeed, type BaselineComparison } from "./baseline";
import type { Tone } from "./table";
import { levelName } from "./tables";

/**
 * The one-word answer of a run — PASS, FAIL, or how it stopped — with the reasons behind it: the failing
 * gates (or, on a pass, how many held), or why the run stopped. Against a baseline, its gates decide.
 */
export interface RunVerdict {
  label: string;
  tone: Tone;
  pass: boolean;
  reasons: string[];
  /** The gates that decided (baseline gates when a baseline is set). */
  gates: RunGate[];
  against: "baseline" | "backends" | "none";
}

/** `baseline`: the run was gated against one as it ran (bench run --baseline), so its own gates are the baseline's. */
type VerdictInput = Pick<RunResult, "status" | "reason" | "gates" | "levels"> & { baseline?: RunResult["baseline"] };

function gateLine(g: RunGate, levels: VerdictInput["levels"]): string {
  return `${levelName(levels, g.level)} · ${g.backend} vs ${g.against} · ${g.name}: ${g.reason}`;
}

export function runVerdict(run: VerdictInput, comparison?: BaselineComparison | null): RunVerdict {
  const useBaseline = comparison?.ok === true;
  const gates = useBaseline ? comparison.gates : run.gates;
  const against = useBaseline ? "baseline" : gates.length > 0 ? "backends" : "none";
  if (run.status !== "done") {
    const how = run.status === "running" || run.status === "queued" ? "muted" : "bad";
    return {
      label: run.status.toUpperCase(),
      tone: how,
      pass: false,
      reasons: [run.reason ?? (run.status === "running" ? "still running" : run.status === "queued" ? "waiting for the run before it" : "no reason was recorded")],
      gates,
      against,
    };
  }
  const failed = gates.filter((g) => !g.pass);
  const baselineName = useBaseline ? comparison.baseline.name : comparison === undefined ? (run.baseline?.name ?? null) : null;
  if (baselineName !== null && failed.length === 0 && !comparedOnSpeed(gates)) {
    return {
      label: "NOT COMPARED",
      tone: "warn",
      pass: false,
      reasons: [`No level and backend of this run has a counterpart in the baseline "${baselineName}" (the same level, and a backend of the same name, or at the same position when both runs have as many): nothing was compared with it, so this is not a pass.`],
      gates,
      against,
    };
  }
  if (gates.length === 0) {
    return { label: "NO GATES", tone: "muted", pass: false, reasons: ["One backend and no baseline: there is nothing to judge this run against. Pick a baseline run."], gates, against };
  }
  if (failed.length > 0) {
    return { label: "FAIL", tone: "bad", pass: false, reasons: failed.map((g) => gateLine(g, run.levels)), gates, against };
  }
  return {
    label: "PASS",
    tone: "ok",
    pass: true,
    reasons: [`All ${gates.length} gates held${baselineName !== null ? ` against the baseline "${baselineName}"` : " (B against A)"}.`],
    gates,
    against,
  };
}
