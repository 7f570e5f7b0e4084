import { describe, expect, it } from "vitest";
import { escapeCodePoint, tokenLabel, tokenSegments, visibleProse, visibleTokenText } from "../../../app/notebooks/[id]/output/tokenText";

describe("visibleTokenText", () => {
  it.each([
    ["leading space", " the", "·the"],
    ["newline", "a\nb", "a↵b"],
    ["tab and carriage return", "\t\r", "→␍"],
    ["no-break space", "\u00a0", "⍽"],
    ["BEL", "\u0007", "\\x07"],
    ["NUL and DEL", "\u0000x\u007f", "\\x00x\\x7f"],
    ["C1 control", "\u009b", "\\x9b"],
    ["zero-width space", "a\u200bb", "a\\u200bb"],
    ["right-to-left override", "\u202eevil", "\\u202eevil"],
    ["bidi isolates", "\u2066x\u2069", "\\u2066x\\u2069"],
    ["byte-order mark", "\ufeff", "\\ufeff"],
    ["ideographic space", "\u3000", "\\u3000"],
    ["markup stays text", "<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["letters, emoji, ▁ and entities stay", "é🙂▁x&amp;", "é🙂▁x&amp;"],
  ])("%s", (_name, input, shown) => {
    expect(visibleTokenText(input)).toBe(shown);
  });

  it("splits into plain runs and merged marker runs", () => {
    expect(tokenSegments("  a\n")).toEqual([
      { text: "··", marker: true },
      { text: "a", marker: false },
      { text: "↵", marker: true },
    ]);
    expect(tokenSegments("")).toEqual([]);
  });
});

describe("tokenLabel", () => {
  it("shows the id when the server sent no text, and ∅ for an empty string", () => {
    expect(tokenLabel(null, 42)).toBe("#42");
    expect(tokenLabel(null, null)).toBe("—");
    expect(tokenLabel("", 3)).toBe("∅");
    expect(tokenLabel(" a", 3)).toBe("·a");
  });
});

describe("visibleProse", () => {
  it("keeps newlines, tabs and spaces but escapes what could hide or reorder text", () => {
    expect(visibleProse("a b\n\tc")).toBe("a b\n\tc");
    expect(visibleProse('A "\u202eevil" #7\u0007')).toBe('A "\\u202eevil" #7\\x07');
  });

  it("escapes code points by size", () => {
    expect(escapeCodePoint("\u0001")).toBe("\\x01");
    expect(escapeCodePoint("\u2028")).toBe("\\u2028");
  });
});
