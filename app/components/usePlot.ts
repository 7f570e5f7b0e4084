"use client";
import * as Plot from "@observablehq/plot";
import { type RefObject, useEffect, useState } from "react";

type PlotOptions = Parameters<typeof Plot.plot>[0];
type PlotElement = ReturnType<typeof Plot.plot>;

/**
 * Draws Observable Plot options into `ref`'s element on the client: appended in an effect, removed in
 * the cleanup, so React never owns the SVG. `onChart` wires the drawn chart (a listener) and returns its
 * own cleanup. Options must keep their identity while their data does (useMemo), or the chart is redrawn.
 */
export function usePlot(ref: RefObject<HTMLElement | null>, options: PlotOptions | undefined | null, onChart?: (chart: PlotElement) => () => void): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || !options) return;
    const chart = Plot.plot(options);
    const unwire = onChart?.(chart);
    el.append(chart);
    return () => {
      unwire?.();
      chart.remove();
    };
    // onChart is read when the chart is drawn; a new function alone does not redraw it
  }, [ref, options]);
}

/** The element's width, followed as it resizes (changes under `slack` pixels are ignored); 0 before it mounts. */
export function useBoxWidth(ref: RefObject<HTMLElement | null>, slack = 0): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth((w) => (Math.abs(w - el.clientWidth) > slack ? el.clientWidth : w)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, slack]);
  return width;
}
