"use client";
import * as Plot from "@observablehq/plot";
import { memo, useEffect, useRef, useState } from "react";
import type { PositionDiff, TokenDiff } from "../../../../lib/schemas/diff";
import { deltaPlotOptions } from "./deltaMarks";

/**
 * Δ (B − A) by position, drawn by Observable Plot on the client (append in an effect, remove in the
 * cleanup). Clicking picks the position under the pointer, so the strip can jump to it.
 */
export const DeltaPlot = memo(function DeltaPlot({ diff, onPick }: { diff: TokenDiff; onPick?(position: number): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const chart = Plot.plot(deltaPlotOptions(diff, width));
    const onClick = () => {
      const value = chart.value as PositionDiff | null | undefined;
      if (value) pick.current?.(value.index);
    };
    chart.addEventListener("click", onClick);
    el.append(chart);
    return () => {
      chart.removeEventListener("click", onClick);
      chart.remove();
    };
  }, [diff, width]);

  return <div ref={ref} className="out-plot" data-testid="delta-plot" title="Click a point to select that position in the tokens below." />;
});
