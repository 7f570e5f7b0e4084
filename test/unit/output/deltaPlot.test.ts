import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { deltaPlotOptions } from "../../../app/notebooks/[id]/output/deltaMarks";
import { diffTokenSequences } from "../../../lib/diff/tokens";
import type { TokenSequence } from "../../../lib/schemas/tokens";
import { longRun } from "../../fixtures/output/longRun";
import { recorded } from "./fixtures";

function svgOf(options: Plot.PlotOptions): Element {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return Plot.plot({ ...options, document }) as unknown as Element;
}

const seq = (lps: (number | null)[], ids = lps.map(() => 1)): TokenSequence =>
  lps.map((logprob, i) => ({ id: ids[i] as number, text: "x", logprob, top: null }));

describe("Δ by position plot", () => {
  it("draws missing positions as ticks and breaks the line there, never as 0", () => {
    const diff = diffTokenSequences(seq([null, -1, -2, null, -1]), seq([null, -1.1, -2.2, -3, -1.05]));
    const svg = svgOf(deltaPlotOptions(diff, 600));
    const ticks = svg.querySelectorAll('g[aria-label="tick"] line');
    expect(ticks).toHaveLength(2); // positions 0 and 3
    const dots = svg.querySelectorAll('g[aria-label="dot"] circle');
    expect(dots).toHaveLength(3); // only compared positions
    // The line is split into runs at missing positions: "M…L…M…" (a move starts each run).
    const d = svg.querySelector('g[aria-label="line"] path')?.getAttribute("d") ?? "";
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it("marks the first divergence and token mismatches on a recorded generate run", () => {
    const diff = recorded("generate-run").diff?.output;
    if (!diff) throw new Error("fixture has no output diff");
    const svg = svgOf(deltaPlotOptions(diff, 800));
    expect(svg.textContent).toContain(`first divergence ${diff.summary.firstDivergence?.position}`);
    const ticks = svg.querySelectorAll('g[aria-label="tick"] line');
    expect(ticks).toHaveLength(diff.summary.missing.either + diff.summary.tokenMismatches);
    expect(svg.getAttribute("aria-label")).toBe("Δ logprob (B − A) by position");
  });

  it("draws 8,192 positions as one line without per-position dots", () => {
    const diff = longRun().diff?.output;
    if (!diff) throw new Error("no diff");
    const t0 = performance.now();
    const svg = svgOf(deltaPlotOptions(diff, 1200));
    const ms = performance.now() - t0;
    expect(svg.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(0);
    expect(svg.querySelector('g[aria-label="line"] path')).not.toBeNull();
    expect(ms).toBeLessThan(2000);
  });
});
