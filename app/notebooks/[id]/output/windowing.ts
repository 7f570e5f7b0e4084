/**
 * Geometry of the windowed token grid: fixed-size chips laid out in rows, so which chips are visible
 * follows from scrollTop alone and only those are rendered (an 8,192-token strip stays a few hundred
 * DOM nodes).
 */

export type Grid = { count: number; columns: number; rowHeight: number };

export type VisibleRange = {
  /** First index to render (inclusive) and last (exclusive). */
  start: number;
  end: number;
  /** Height of the whole (virtual) grid in px. */
  totalHeight: number;
};

export function columnsFor(width: number, chipWidth: number): number {
  if (!(width > 0) || !(chipWidth > 0)) return 1;
  return Math.max(1, Math.floor(width / chipWidth));
}

export function rowCount(grid: Grid): number {
  return Math.ceil(grid.count / Math.max(1, grid.columns));
}

/** Chips whose row intersects [scrollTop, scrollTop + viewport), plus `overscan` rows on each side. */
export function visibleRange(grid: Grid, scrollTop: number, viewportHeight: number, overscan = 2): VisibleRange {
  const rows = rowCount(grid);
  const totalHeight = rows * grid.rowHeight;
  if (grid.count === 0 || grid.rowHeight <= 0) return { start: 0, end: 0, totalHeight };
  const top = Math.max(0, scrollTop);
  const firstRow = Math.max(0, Math.floor(top / grid.rowHeight) - overscan);
  const lastRow = Math.min(rows - 1, Math.ceil((top + Math.max(0, viewportHeight)) / grid.rowHeight) - 1 + overscan);
  const start = firstRow * grid.columns;
  const end = Math.min(grid.count, (lastRow + 1) * grid.columns);
  return { start, end: Math.max(start, end), totalHeight };
}

export function cellOffset(index: number, grid: Grid, chipWidth: number): { top: number; left: number } {
  const columns = Math.max(1, grid.columns);
  return { top: Math.floor(index / columns) * grid.rowHeight, left: (index % columns) * chipWidth };
}

/**
 * The scrollTop that brings `index` into view with the least movement (unchanged when it is already
 * fully visible). `center` puts its row in the middle instead (for jumps from far away).
 */
export function scrollTopToReveal(index: number, grid: Grid, scrollTop: number, viewportHeight: number, center = false): number {
  const { top } = cellOffset(index, grid, 0);
  const bottom = top + grid.rowHeight;
  const maxTop = Math.max(0, rowCount(grid) * grid.rowHeight - viewportHeight);
  if (center) return clamp(top - (viewportHeight - grid.rowHeight) / 2, 0, maxTop);
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return clamp(bottom - viewportHeight, 0, maxTop);
  return scrollTop;
}

/** Keyboard movement between chips; null for keys that do not move. */
export function moveIndex(index: number, key: string, grid: Grid, pageRows = 1): number | null {
  const last = grid.count - 1;
  if (last < 0) return null;
  const columns = Math.max(1, grid.columns);
  switch (key) {
    case "ArrowLeft":
      return clamp(index - 1, 0, last);
    case "ArrowRight":
      return clamp(index + 1, 0, last);
    case "ArrowUp":
      return clamp(index - columns, 0, last);
    case "ArrowDown":
      return clamp(index + columns, 0, last);
    case "PageUp":
      return clamp(index - columns * pageRows, 0, last);
    case "PageDown":
      return clamp(index + columns * pageRows, 0, last);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
