"use client";
import { memo, useMemo, useRef } from "react";
import type { PositionDiff, TokenDiff } from "../../../../lib/schemas/diff";
import { useBoxWidth, usePlot } from "../../../components/usePlot";
import { deltaPlotOptions } from "./deltaMarks";

/**
 * Δ (B − A) by position, drawn by Observable Plot on the client (usePlot). Clicking picks the position under the pointer, so the strip can jump to it.
 */
export const DeltaPlot = memo(function DeltaPlot({ diff, onPick }: { diff: TokenDiff; onPick?(position: number): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useBoxWidth(ref);
  const pick = useRef(onPick);
  pick.current = onPick;
  const options = useMemo(() => (width > 0 ? deltaPlotOptions(diff, width) : null), [diff, width]);
  usePlot(ref, options, (chart) => {
    const onClick = () => {
      const value = chart.value as PositionDiff | null | undefined;
      if (value) pick.current?.(value.index);
    };
    chart.addEventListener("click", onClick);
    return () => chart.removeEventListener("click", onClick);
  });

  return <div ref={ref} className="out-plot" data-testid="delta-plot" title="Click a point to select that position in the tokens below." />;
});
