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

  it("fails a change of exactly the threshold despite float rounding", () => {
    // Each of these computes a few ulps short of its threshold (−9.999999999999993%,
    // 14.999999999999991%, 0.9999999999999999 points) and used to pass.
    const tput = evaluateGates({ ...base, throughput: 3 }, { ...base, throughput: 2.7 });
    expect(tput.gates[0]!.value).not.toBe(-10);
    expect(tput.gates[0]!.pass).toBe(false);
    const p95 = evaluateGates({ ...base, p95Ms: 4 }, { ...base, p95Ms: 4.6 });
    expect(p95.gates[1]!.value).not.toBe(15);
    expect(p95.gates[1]!.pass).toBe(false);
    const err = evaluateGates({ ...base, errorRate: 1 / 200 }, { ...base, errorRate: 3 / 200 });
    expect(err.gates[2]!.value).not.toBe(1);
    expect(err.gates[2]!.pass).toBe(false);
    // …while a change clearly inside the threshold still passes.
    expect(evaluateGates({ ...base, throughput: 3 }, { ...base, throughput: 2.7001 }).gates[0]!.pass).toBe(true);
  });

  it("a baseline that measured 0 throughput fails the gate and says so", () => {
    const g = evaluateGates({ ...base, throughput: 0 }, base).gates[0]!;
    expect(g).toMatchObject({ name: "throughput", value: null, threshold: -10, pass: false });
    expect(g.reason).toBe("The baseline measured no throughput, so there is no relative change and this gate cannot pass.");
    const missing = evaluateGates({ ...base, throughput: null }, base).gates[0]!;
    expect(missing.reason).toBe("No throughput on both runs to compare, so this gate cannot pass.");
  });

  it("a null p95 or error rate on either side fails that gate only", () => {
    for (const [b, c] of [
      [{ ...base, p95Ms: null }, base],
      [base, { ...base, p95Ms: null }],
    ] as const) {
      const r = evaluateGates(b, c);
      expect(r.pass).toBe(false);
      expect(r.gates.map((g) => g.pass)).toEqual([true, false, true]);
      expect(r.gates[1]).toMatchObject({ name: "p95", value: null, threshold: 15 });
    }
    for (const [b, c] of [
      [{ ...base, errorRate: null }, base],
      [base, { ...base, errorRate: null }],
    ] as const) {
      const r = evaluateGates(b, c);
      expect(r.gates.map((g) => g.pass)).toEqual([true, true, false]);
      expect(r.gates[2]).toMatchObject({ name: "error-rate", value: null, threshold: 1 });
      expect(r.gates[2]!.reason).toBe("No error rate on both runs to compare, so this gate cannot pass.");
    }
  });

  it("a threshold of 0 fails any change at all in the wrong direction, and an unchanged run", () => {
    const zero = { thresholds: { throughputDropPct: 0, p95IncreasePct: 0, errorRateIncreasePts: 0 } };
    expect(evaluateGates(base, base, zero).gates.map((g) => g.pass)).toEqual([false, false, false]);
    const worse = evaluateGates(base, { throughput: 99.9, p95Ms: 200.1, errorRate: 0.0101 }, zero);
    expect(worse.gates.map((g) => g.pass)).toEqual([false, false, false]);
    const better = evaluateGates(base, { throughput: 100.1, p95Ms: 199.9, errorRate: 0.0099 }, zero);
    expect(better.gates.map((g) => g.pass)).toEqual([true, true, true]);
  });

  it("adds no parity gate when no verdict is given", () => {
    for (const opts of [undefined, {}, { parity: null }]) {
      const r = evaluateGates(base, base, opts);
      expect(r.gates.map((g) => g.name)).toEqual(["throughput", "p95", "error-rate"]);
      expect(r.pass).toBe(true);
    }
  });

  it("rejects a negative threshold with the bad value", () => {
    expect(() => evaluateGates(base, base, { thresholds: { p95IncreasePct: -1 } })).toThrow(
      "invalid p95IncreasePct; not a finite number ≥ 0: -1",
    );
  });
});
