"use client";
import type { CellRunResult } from "../../../../lib/schemas/cellRun";
import type { ParityRule } from "../../../../lib/schemas/parity";
import { LiveStreams } from "./LiveStreams";
import { RunResultView } from "./RunResultView";
import type { LiveSide, LiveSides } from "./types";
import "./output.css";

export type CellOutputProps = {
  result: CellRunResult | null;
  live: LiveSides | null;
  onRuleChange(rule: ParityRule): void;
  onTeacherForce?(reference: "a" | "b"): void;
  busy?: boolean;
  /** A shared snapshot: no rule switching, no teacher forcing. */
  readOnly?: boolean;
};

const finished = (s: LiveSide) => s.done || s.error !== null;

/**
 * The output of a compare cell: the live streams while a generate cell runs, then the run's result.
 * A re-run keeps the previous result visible (dimmed) under the live streams until the new one lands;
 * streams that have both ended give way to the result (so a later re-judge does not bring them back).
 */
export function CellOutput({ result, live, onRuleChange, onTeacherForce, busy = false, readOnly = false }: CellOutputProps) {
  const showLive = live !== null && (result === null || (busy && !(finished(live.a) && finished(live.b))));
  const names = result ? { a: result.a.backend.name, b: result.b.backend.name } : undefined;
  return (
    <div className="out" data-testid="cell-output" aria-busy={busy}>
      {showLive && <LiveStreams live={live} names={names} />}
      {result === null && live === null && <p className="muted">{busy ? "Running on both backends…" : "Not run yet."}</p>}
      {result && (
        <div className={busy ? "out-stale" : undefined}>
          {busy && <p className="muted">Updating: this is the previous result until the new one arrives.</p>}
          <RunResultView result={result} onRuleChange={readOnly ? undefined : onRuleChange} onTeacherForce={readOnly ? undefined : onTeacherForce} busy={busy} />
        </div>
      )}
    </div>
  );
}
