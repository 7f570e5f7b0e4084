"use client";
import { Fragment, useState } from "react";
import type { CellRunResult } from "../../../../lib/schemas/cellRun";
import { deltaBin } from "./color";
import { ColorLegend } from "./ColorLegend";
import { DEFINITIONS } from "./definitions";
import { fmtDelta, fmtNum, MISSING } from "./format";
import { TokenStrip } from "./TokenStrip";
import { VisibleToken } from "./VisibleToken";
import { visibleProse } from "./tokenText";

type Label = { label: string | number; id: number };

function labelsOf(result: CellRunResult, columns: number): Label[] {
  if (result.input?.kind === "score") return result.input.labels;
  // No input recorded (the run stopped early): columns are numbered, ids unknown.
  return Array.from({ length: columns }, (_, i) => ({ label: i, id: -1 }));
}

function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

function ScoreValue({ value }: { value: number | null }) {
  return value === null ? <span className="muted">{MISSING}</span> : <>{fmtNum(value)}</>;
}

/**
 * Score cells: item × label with A, B and Δ = B − A (Δ cells coloured by |Δ|, missing hatched). Each row
 * opens that item's prompt token strip.
 */
export function ScoresTable({ result }: { result: CellRunResult }) {
  const { a, b, diff } = result;
  const nItems = Math.max(a.scores?.length ?? 0, b.scores?.length ?? 0, a.items.length, b.items.length);
  const nLabels = Math.max(0, ...[a.scores, b.scores].flatMap((m) => (m ?? []).map((row) => row.length)));
  const labels = labelsOf(result, nLabels);
  // Start with the item that diverges first open (or the first item), so its strip is one look away.
  const firstItem = diff?.tokens.firstDivergence?.item ?? (diff?.prompts.length ? 0 : null);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set(firstItem === null ? [] : [firstItem]));
  const toggle = (i: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  const names = { a: a.backend.name, b: b.backend.name };
  const span = 1 + labels.length * 3 + 3;

  return (
    <div className="out-scores-wrap">
      <ColorLegend what="|Δscore|" definition={DEFINITIONS.scoreDelta} tokenMarks={false} />
      <table className="data out-scores" data-testid="scores-table">
        <thead>
          <tr>
            <th rowSpan={2}>item</th>
            {labels.map((l, j) => (
              <th key={j} colSpan={3} className="out-label-head">
                {typeof l.label === "string" ? (
                  <>
                    <code className="tk">
                      <VisibleToken text={l.label} id={l.id} />
                    </code>{" "}
                    <span className="muted">#{l.id}</span>
                  </>
                ) : (
                  (l.id >= 0 ? `#${l.id}` : `label ${j}`)
                )}
              </th>
            ))}
            <th rowSpan={2} title={DEFINITIONS.maxAbsDelta}>
              tokens max |Δ|
            </th>
            <th rowSpan={2} title={DEFINITIONS.firstDivergence}>
              first divergence
            </th>
            <th rowSpan={2}>
              <span className="sr-only">token strip</span>
            </th>
          </tr>
          <tr>
            {labels.map((_, j) => (
              <Fragment key={j}>
                <th title={`${DEFINITIONS.score} (A: ${names.a})`}>A</th>
                <th title={`${DEFINITIONS.score} (B: ${names.b})`}>B</th>
                <th title={DEFINITIONS.scoreDelta}>Δ</th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: nItems }, (_, i) => {
            const row = diff?.scores?.items[i];
            const prompt = diff?.prompts[i];
            const isOpen = open.has(i);
            const errors = [a, b].flatMap((s) => {
              const e = s.items[i]?.error;
              return e ? [`${s.side.toUpperCase()}: ${e.message}`] : [];
            });
            return (
              <Fragment key={i}>
                <tr data-testid="score-row" data-item={i}>
                  <th scope="row">{i}</th>
                  {labels.map((_, j) => {
                    const va = finiteOrNull(a.scores?.[i]?.[j]);
                    const vb = finiteOrNull(b.scores?.[i]?.[j]);
                    const d = row?.deltas[j] ?? null;
                    const bin = deltaBin(d === null ? null : Math.abs(d));
                    return (
                      <Fragment key={j}>
                        <td className="num">
                          <ScoreValue value={va} />
                        </td>
                        <td className="num">
                          <ScoreValue value={vb} />
                        </td>
                        <td className={`num out-delta bin-${bin.key}`} style={{ background: bin.key === "missing" ? undefined : bin.color }} data-testid="score-delta">
                          {fmtDelta(d)}
                        </td>
                      </Fragment>
                    );
                  })}
                  <td className="num">{fmtNum(prompt?.summary.maxAbsDelta?.value)}</td>
                  <td>
                    {prompt?.summary.firstDivergence ? `position ${prompt.summary.firstDivergence.position}` : "none"}
                    {errors.length > 0 && <div className="error-text">{visibleProse(errors.join("; "))}</div>}
                  </td>
                  <td>
                    {prompt && (
                      <button type="button" aria-expanded={isOpen} aria-controls={`out-item-${result.cellId}-${i}`} onClick={() => toggle(i)} data-testid="toggle-item">
                        {isOpen ? "Hide tokens" : "Tokens"}
                      </button>
                    )}
                  </td>
                </tr>
                {isOpen && prompt && (
                  <tr id={`out-item-${result.cellId}-${i}`} className="out-item-strip">
                    <td colSpan={span}>
                      <TokenStrip diff={prompt} a={a.items[i]?.tokens ?? null} b={b.items[i]?.tokens ?? null} names={names} title={`Item ${i}: prompt tokens (teacher-forced)`} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
