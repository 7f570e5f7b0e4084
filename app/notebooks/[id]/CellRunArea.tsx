"use client";
import type { Side } from "../../../lib/schemas/cellRun";
import type { ParityRule } from "../../../lib/schemas/parity";
import type { CellRuntime } from "./cellRuntime";
import { CellOutput } from "./output/CellOutput";

interface Props {
  runtime: CellRuntime;
  itemCount: number;
  busy: string | null;
  actionError: string | null;
  onRuleChange(rule: ParityRule): void;
  onTeacherForce(reference: Side): void;
}

const STEP: Record<string, string> = {
  identity: "reading each backend's identity",
  tokenize: "tokenizing once for both",
  send: "sending to both backends",
  compare: "comparing",
  done: "storing",
};

/** Progress of a run in words, then the output views (the live streams, then the stored result). */
export function CellRunArea({ runtime: rt, itemCount, busy, actionError, onRuleChange, onTeacherForce }: Props) {
  const running = rt.phase === "starting" || rt.phase === "running";
  return (
    <div className="nb-run-area">
      {running && (
        <p className="nb-progress muted" role="status" data-testid="run-progress">
          {rt.phase === "starting" ? "Starting…" : `Running${rt.backends ? ` on ${rt.backends.a} (A) and ${rt.backends.b} (B)` : ""}${rt.step ? ` — ${STEP[rt.step] ?? rt.step}` : ""}`}
          {rt.phase === "running" && itemCount > 0 && rt.step === "send" && ` · items done: A ${rt.itemsDone.a}/${itemCount}, B ${rt.itemsDone.b}/${itemCount}`}
        </p>
      )}
      {rt.error && (
        <p className="error-text" role="alert" data-testid="run-error">
          {rt.error}
        </p>
      )}
      {actionError && (
        <p className="error-text" role="alert">
          {actionError}
        </p>
      )}
      {busy && <p className="muted">{busy}…</p>}
      {rt.shown && !running && (
        <p className="muted nb-shown" data-testid="shown-run">
          Run of {new Date(rt.shown.createdAt).toLocaleString()}
          {rt.shownIsLatest ? " (latest)" : " (an earlier run, from the history)"}
        </p>
      )}
      {(running || rt.shown) && (
        <CellOutput result={rt.shown?.result ?? null} live={rt.live} busy={running || busy !== null} onRuleChange={onRuleChange} onTeacherForce={onTeacherForce} />
      )}
    </div>
  );
}
