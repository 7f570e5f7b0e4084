import { describe, expect, it } from "vitest";
import { isSafeHref, renderMarkdown } from "../../../app/notebooks/[id]/markdown";

describe("markdown cells render safely", () => {
  it("escapes raw HTML instead of rendering it", () => {
    const html = renderMarkdown('# Title\n\n<script>alert(1)</script> <img src=x onerror="alert(2)"> **bold**');
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("keeps http(s) and relative links, opened safely; drops every other scheme", () => {
    expect(renderMarkdown("[a](https://example.org/x)")).toContain('<a href="https://example.org/x" rel="noopener noreferrer nofollow" target="_blank">a</a>');
    expect(renderMarkdown("[b](/notebooks/1)")).toContain('href="/notebooks/1"');
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd"]) {
      expect(isSafeHref(bad), bad).toBe(false);
      expect(renderMarkdown(`[x](${bad})`)).not.toContain("<a ");
    }
    expect(isSafeHref("#section")).toBe(true);
    expect(isSafeHref("notes/page")).toBe(true);
  });

  it("images are not rendered (they would load from anywhere)", () => {
    expect(renderMarkdown("![alt](https://example.org/x.png)")).not.toContain("<img");
  });
});
