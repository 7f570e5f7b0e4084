import { describe, expect, it } from "vitest";
import { cellOffset, columnsFor, moveIndex, rowCount, scrollTopToReveal, visibleRange, type Grid } from "../../../app/notebooks/[id]/output/windowing";

const grid: Grid = { count: 8192, columns: 12, rowHeight: 28 };

describe("visibleRange", () => {
  it("renders only the rows in view plus overscan, whatever the length", () => {
    const r = visibleRange(grid, 0, 300, 2);
    expect(r.start).toBe(0);
    // ceil(300/28) = 11 rows in view + 2 overscan below = 13 rows of 12.
    expect(r.end).toBe(13 * 12);
    expect(r.totalHeight).toBe(rowCount(grid) * 28);
    expect(rowCount(grid)).toBe(683);
  });

  it("follows scrollTop to the middle and the end", () => {
    const mid = visibleRange(grid, 28 * 300, 300, 2);
    expect(mid.start).toBe(298 * 12);
    expect(mid.end - mid.start).toBeLessThanOrEqual(16 * 12);
    const end = visibleRange(grid, mid.totalHeight - 300, 300, 2);
    expect(end.end).toBe(8192);
    expect(end.end - end.start).toBeLessThan(200);
  });

  it("handles empty and tiny grids and a negative scrollTop (overscroll)", () => {
    expect(visibleRange({ count: 0, columns: 4, rowHeight: 28 }, 0, 300)).toEqual({ start: 0, end: 0, totalHeight: 0 });
    expect(visibleRange({ count: 3, columns: 4, rowHeight: 28 }, -50, 300)).toEqual({ start: 0, end: 3, totalHeight: 28 });
  });
});

describe("geometry", () => {
  it("fits at least one column", () => {
    expect(columnsFor(0, 96)).toBe(1);
    expect(columnsFor(50, 96)).toBe(1);
    expect(columnsFor(1000, 96)).toBe(10);
  });

  it("places a chip by row and column", () => {
    expect(cellOffset(0, grid, 90)).toEqual({ top: 0, left: 0 });
    expect(cellOffset(25, grid, 90)).toEqual({ top: 56, left: 90 });
  });
});

describe("scrollTopToReveal", () => {
  it("does not move when the chip is already in view", () => {
    expect(scrollTopToReveal(24, grid, 0, 300)).toBe(0);
  });
  it("scrolls the least needed, up or down", () => {
    // index 12*20 is row 20: top 560, bottom 588.
    expect(scrollTopToReveal(240, grid, 0, 300)).toBe(588 - 300);
    expect(scrollTopToReveal(0, grid, 1000, 300)).toBe(0);
  });
  it("centres on request, clamped to the scrollable range", () => {
    expect(scrollTopToReveal(240, grid, 0, 300, true)).toBe(560 - (300 - 28) / 2);
    expect(scrollTopToReveal(0, grid, 500, 300, true)).toBe(0);
    expect(scrollTopToReveal(8191, grid, 0, 300, true)).toBe(683 * 28 - 300);
  });
});

describe("moveIndex", () => {
  it("moves by one, by a row, by a page, to the ends, and clamps", () => {
    expect(moveIndex(5, "ArrowRight", grid)).toBe(6);
    expect(moveIndex(0, "ArrowLeft", grid)).toBe(0);
    expect(moveIndex(5, "ArrowDown", grid)).toBe(17);
    expect(moveIndex(5, "ArrowUp", grid)).toBe(0);
    expect(moveIndex(8190, "ArrowDown", grid)).toBe(8191);
    expect(moveIndex(100, "PageDown", grid, 10)).toBe(220);
    expect(moveIndex(100, "Home", grid)).toBe(0);
    expect(moveIndex(100, "End", grid)).toBe(8191);
    expect(moveIndex(100, "x", grid)).toBeNull();
    expect(moveIndex(0, "ArrowRight", { count: 0, columns: 3, rowHeight: 28 })).toBeNull();
  });
});
