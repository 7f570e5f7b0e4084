import { describe, expect, it } from "vitest";
import { roundBf16, roundBf16InPlace } from "../../../server/engine/model/bf16";

describe("bf16 rounding", () => {
  it("keeps exactly representable values", () => {
    for (const v of [0, 1, -2, 0.5, 3, 1.0078125, -0]) expect(roundBf16(v)).toBe(v);
  });

  it("rounds to nearest, ties to even", () => {
    // bf16 has 8 significant bits: spacing 2^-7 in [1, 2)
    expect(roundBf16(1 + 2 ** -8)).toBe(1); // tie → even (1.0)
    expect(roundBf16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6); // tie → even (1 + 2·2^-7)
    expect(roundBf16(1 + 2 ** -8 + 2 ** -12)).toBe(1 + 2 ** -7); // above the tie → up
    expect(roundBf16(Math.PI)).toBe(3.140625);
    expect(roundBf16(-Math.PI)).toBe(-3.140625);
  });

  it("leaves inf and NaN alone; the array version matches the scalar one", () => {
    expect(roundBf16(Infinity)).toBe(Infinity);
    expect(Number.isNaN(roundBf16(NaN))).toBe(true);
    const a = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 9) - 4));
    const b = a.slice();
    roundBf16InPlace(b);
    a.forEach((v, i) => expect(b[i]).toBe(roundBf16(v)));
    const part = a.slice();
    roundBf16InPlace(part, 10, 5);
    expect(part[9]).toBe(a[9]);
    expect(part[10]).toBe(roundBf16(a[10]!));
    expect(part[15]).toBe(a[15]);
  });
});
