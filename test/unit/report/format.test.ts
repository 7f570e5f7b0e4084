import { describe, expect, it } from "vitest";
import { fmtUtc, MISSING } from "../../../lib/report/format";

describe("fmtUtc", () => {
  it("shows a stored instant to the minute with its zone, whatever the reader's time zone", () => {
    expect(fmtUtc("2026-12-03T10:46:59.123Z")).toBe("2026-12-03 10:46 UTC");
    expect(fmtUtc(null)).toBe(MISSING);
  });
});
