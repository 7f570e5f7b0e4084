import { describe, expect, it } from "vitest";
import { benchTable } from "../../../server/cli/benchReport";
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
  });

  it("a run that did not finish says how it ended", () => {
    const run = { ...syntheticRun(), status: "interrupted" as const, reason: "the studio stopped" };
    expect(firstLine(benchTable(run, null))).toBe(`benchmark "synthetic" — INTERRUPTED (the studio stopped)`);
  });
});
