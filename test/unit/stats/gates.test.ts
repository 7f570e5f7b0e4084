import { describe, expect, it } from "vitest";
import type { Verdict } from "../../../lib/schemas/parity";
import { evaluateGates, type GateSide } from "../../../lib/stats/gates";

const base: GateSide = { throughput: 100, p95Ms: 200, errorRate: 0.01 };

function verdict(status: Verdict["status"]): Verdict {
  return { rule: "sglang-ci", params: {}, status, reason: "r.", checked: 1, missing: 0, parts: [], worst: null };
}

describe("benchmark gates (Score API methodology defaults)", () => {
  it("passes an unchanged run", () => {
    const r = evaluateGates(base, base);
    expect(r.pass).toBe(true);
    expect(r.gates.map((g) => [g.name, g.value, g.threshold, g.pass])).toEqual([
      ["throughput", 0, -10, true],
      ["p95", 0, 15, true],
      ["error-rate", 0, 1, true],
    ]);
  });

  it("fails throughput at −10%, p95 at +15%, error rate at +1 point (thresholds included)", () => {
    const r = evaluateGates(base, { throughput: 90, p95Ms: 230, errorRate: 0.02 });
    expect(r.pass).toBe(false);
    expect(r.gates.map((g) => g.pass)).toEqual([false, false, false]);
    expect(r.gates[0]!.reason).toBe("Throughput 100 → 90/s (-10%); fails at −10% or worse.");
    expect(r.gates[1]!.reason).toContain("+15%");
    expect(r.gates[2]!.value).toBeCloseTo(1, 12);
  });

  it("passes just inside every threshold", () => {
    const r = evaluateGates(base, { throughput: 90.5, p95Ms: 229, errorRate: 0.0199 });
    expect(r.gates.map((g) => g.pass)).toEqual([true, true, true]);
  });

  it("honours custom thresholds", () => {
    const r = evaluateGates(base, { throughput: 96, p95Ms: 200, errorRate: 0.01 }, { thresholds: { throughputDropPct: 3 } });
    expect(r.gates[0]!.pass).toBe(false);
  });

  it("missing data fails its gate instead of passing", () => {
    const r = evaluateGates(base, { throughput: null, p95Ms: 200, errorRate: 0.01 });
    expect(r.pass).toBe(false);
    expect(r.gates[0]).toMatchObject({ pass: false, value: null });
  });

  it("a faster backend that fails parity does not pass; n/a parity does not pass either", () => {
    const faster = { throughput: 150, p95Ms: 120, errorRate: 0 };
    expect(evaluateGates(base, faster, { parity: verdict("pass") }).pass).toBe(true);
    const wrong = evaluateGates(base, faster, { parity: verdict("fail") });
    expect(wrong.pass).toBe(false);
    expect(wrong.gates[3]).toMatchObject({ name: "parity", pass: false });
    expect(evaluateGates(base, faster, { parity: verdict("n/a") }).pass).toBe(false);
  });

  it("rejects a negative threshold with the bad value", () => {
    expect(() => evaluateGates(base, base, { thresholds: { p95IncreasePct: -1 } })).toThrow(
      "invalid p95IncreasePct; not a finite number ≥ 0: -1",
    );
  });
});
