"use client";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { TokenDiff } from "../../../../lib/schemas/diff";
import type { TokenSequence } from "../../../../lib/schemas/tokens";
import { ColorLegend } from "./ColorLegend";
import { DEFINITIONS, DIVERGENCE_REASONS } from "./definitions";
import { DeltaPlot } from "./DeltaPlot";
import { TokenChip } from "./TokenChip";
import { TopkCompare } from "./TopkCompare";
import { cellOffset, columnsFor, moveIndex, scrollTopToReveal, visibleRange, type Grid } from "./windowing";

/**
 * Chip size is fixed per layout (columns fill the width, rows have one height), so the visible chips
 * follow from scrollTop alone (see windowing.ts).
 */
const MIN_CHIP_WIDTH = 96;
const ROW_HEIGHT = { one: 28, two: 44 };
const MAX_VIEWPORT = 300;
/** Before the browser measures: a plausible width so server-rendered HTML shows a first screen. */
const INITIAL_WIDTH = 960;

type Props = {
  diff: TokenDiff;
  /** The two sequences the diff came from (their top-k lists feed the comparison panel). */
  a: TokenSequence | null;
  b: TokenSequence | null;
  names: { a: string; b: string };
  title: string;
  /** Show B's token under A's in each chip (generated outputs). */
  twoLines?: boolean;
  testId?: string;
};

function indexOfEvent(e: SyntheticEvent): number | null {
  const el = (e.target as HTMLElement | null)?.closest?.("[data-index]");
  const raw = el?.getAttribute("data-index");
  return raw == null ? null : Number(raw);
}

/**
 * Token strip of one sequence: Δ plot above, then one chip per position, windowed. ←/→ (↑/↓, Home/End,
 * PgUp/PgDn) move between chips, `d` jumps to the first divergence; hovering or focusing a chip shows
 * both sides' top-k lists.
 */
export function TokenStrip({ diff, a, b, names, title, twoLines = false, testId = "token-strip" }: Props) {
  const count = diff.positions.length;
  const fd = diff.summary.firstDivergence;
  const rowHeight = twoLines ? ROW_HEIGHT.two : ROW_HEIGHT.one;
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const [width, setWidth] = useState(INITIAL_WIDTH);
  const [viewport, setViewport] = useState(MAX_VIEWPORT);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(fd?.position ?? 0);
  const [hover, setHover] = useState<number | null>(null);
  const [inspected, setInspected] = useState<number | null>(null);

  const grid: Grid = { count, columns: columnsFor(width, MIN_CHIP_WIDTH), rowHeight };
  const chipWidth = width / grid.columns;
  const range = visibleRange(grid, scrollTop, viewport);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      setViewport(el.clientHeight);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Focus after the chip exists in the DOM (it may have just been rendered by a jump).
  useEffect(() => {
    const i = pendingFocus.current;
    if (i === null) return;
    pendingFocus.current = null;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus();
  });

  const goTo = useCallback(
    (index: number, center: boolean) => {
      const el = scroller.current;
      setActive(index);
      setInspected(index);
      pendingFocus.current = index;
      if (!el) return;
      const g: Grid = { count, columns: columnsFor(el.clientWidth, MIN_CHIP_WIDTH), rowHeight };
      el.scrollTop = scrollTopToReveal(index, g, el.scrollTop, el.clientHeight, center);
      setScrollTop(el.scrollTop);
    },
    [count, rowHeight],
  );

  const pickFromPlot = useCallback((i: number) => goTo(i, true), [goTo]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "d" || e.key === "D") {
      if (fd) goTo(fd.position, true);
      e.preventDefault();
      return;
    }
    const pageRows = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const next = moveIndex(active, e.key, grid, pageRows);
    if (next === null) return;
    e.preventDefault();
    goTo(next, false);
  };

  // Render the visible window plus the active chip (so focus never lands on a chip that is not there).
  const indices: number[] = [];
  for (let i = range.start; i < range.end; i++) indices.push(i);
  if (count > 0 && (active < range.start || active >= range.end) && active < count) indices.push(active);

  const shown = hover ?? inspected;
  const shownP = shown === null ? undefined : diff.positions[shown];

  return (
    <section className="out-strip" data-testid={testId} aria-label={title}>
      <header className="out-strip-head">
        <h4>{title}</h4>
        <span className="muted">
          <abbr title="Token positions shown: the longer side's length; a position past the shorter side is missing there.">{count.toLocaleString("en-US")} positions</abbr> · <abbr title={DEFINITIONS.missing}>{diff.summary.missing.either} missing</abbr>
        </span>
        {fd ? (
          <button type="button" className="primary" data-testid="first-divergence" onClick={() => goTo(fd.position, true)} title={DEFINITIONS.firstDivergence}>
            Jump to first divergence (position {fd.position})
          </button>
        ) : (
          <span className="badge ok" data-testid="no-divergence" title={DEFINITIONS.firstDivergence}>
            no divergence
          </span>
        )}
        {fd && <span className="muted">{DIVERGENCE_REASONS[fd.reason] ?? fd.reason}</span>}
        <span className="muted out-keys">keys: ←/→ move · d first divergence</span>
      </header>
      {count > 0 && <DeltaPlot diff={diff} onPick={pickFromPlot} />}
      <ColorLegend />
      {count === 0 ? (
        <p className="muted">No positions on either side.</p>
      ) : (
        <div
          ref={scroller}
          className="out-strip-scroll"
          style={{ maxHeight: MAX_VIEWPORT }}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          onKeyDown={onKeyDown}
          onFocus={(e) => {
            const i = indexOfEvent(e);
            if (i !== null) {
              setActive(i);
              setInspected(i);
            }
          }}
          onClick={(e) => {
            const i = indexOfEvent(e);
            if (i !== null) goTo(i, false);
          }}
          onMouseOver={(e) => setHover(indexOfEvent(e))}
          onMouseLeave={() => setHover(null)}
        >
          <div role="listbox" aria-label={`${title}: tokens coloured by |Δ|`} className="out-strip-grid" style={{ height: range.totalHeight }}>
            {indices.map((i) => {
              const p = diff.positions[i];
              if (!p) return null;
              const { top, left } = cellOffset(i, grid, chipWidth);
              return (
                <TokenChip
                  key={i}
                  p={p}
                  count={count}
                  top={top}
                  left={left}
                  width={chipWidth - 4}
                  height={rowHeight - 4}
                  twoLines={twoLines}
                  tabbable={i === active}
                  selected={i === active && inspected !== null}
                  first={fd?.position === i}
                />
              );
            })}
          </div>
        </div>
      )}
      {shownP ? (
        <TopkCompare p={shownP} a={a?.[shownP.index]} b={b?.[shownP.index]} names={names} firstDivergence={fd} />
      ) : (
        <p className="muted out-topk-hint">Hover or focus a token to compare both sides&apos; top-k lists.</p>
      )}
    </section>
  );
}
