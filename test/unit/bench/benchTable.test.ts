import { describe, expect, it } from "vitest";
import { benchReport, benchTable } from "../../../server/cli/benchReport";
import { syntheticRun } from "../charts/syntheticRun";

const firstLine = (text: string) => text.split("\n")[0];

describe("bench run's text verdict uses the pages' words", () => {
  it("a run with gates says PASS or FAIL", () => {
    const run = syntheticRun({ slowdown: 2 });
    expect(run.gates.length).toBeGreaterThan(0);
    expect(firstLine(benchTable(run, null))).toMatch(run.pass ? /— PASS$/ : /— FAIL$/);
  });

  it("a run with nothing to judge (one backend, no baseline) says NO GATES, not PASS", () => {
    const run = { ...syntheticRun(), gates: [], pass: true };
    expect(firstLine(benchTable(run, null))).toMatch(/— NO GATES$/);
    // --json says it too, so CI can tell "nothing failed" (exit 0) from "every gate held"
    expect(benchReport(run, null)).toMatchObject({ pass: true, verdict: "NO GATES" });
    const gated = syntheticRun({ slowdown: 2 });
    expect(benchReport(gated, null).verdict).toBe(gated.pass ? "PASS" : "FAIL");
  });

  it("a run that did not finish says how it ended", () => {
    const run = { ...syntheticRun(), status: "interrupted" as const, reason: "the studio stopped" };
    expect(firstLine(benchTable(run, null))).toBe(`benchmark "synthetic" — INTERRUPTED (the studio stopped)`);
  });
});

describe("bench run's text table", () => {
  it("shows tok/s for generate and items/s for score, and — for the other, never a 0", () => {
    const generate = syntheticRun();
    expect(generate.spec.requests[0]?.kind).toBe("generate");
    const row = (run: typeof generate) => benchTable(run, null).split("\n")[2]!.split(/\s{2,}/);
    const [, , , , itemsG, tokG] = row(generate);
    expect(itemsG).toBe("—");
    expect(Number(tokG)).toBeGreaterThan(0);
    const [, , , , itemsS, tokS] = row(syntheticRun({ kind: "score" }));
    expect(tokS).toBe("—");
    expect(Number(itemsS)).toBeGreaterThan(0);
  });
});
