import { describe, expect, it } from "vitest";
import { isSafeHref, renderMarkdown } from "../../../lib/markdown/render";

describe("markdown cells render safely", () => {
  it("escapes raw HTML instead of rendering it", () => {
    const html = renderMarkdown('# Title\n\n<script>alert(1)</script> <img src=x onerror="alert(2)"> **bold**');
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("keeps http(s), relative and anchor links; drops every other scheme", () => {
    expect(renderMarkdown("[a](https://example.org/x)")).toContain('<a href="https://example.org/x" rel="noopener noreferrer nofollow" target="_blank">a</a>');
    expect(renderMarkdown("[b](/notebooks/1)")).toContain('href="/notebooks/1"');
    expect(renderMarkdown("[c](#cell-g1)")).toContain('<a href="#cell-g1">c</a>');
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd"]) {
      expect(isSafeHref(bad), bad).toBe(false);
      expect(renderMarkdown(`[x](${bad})`)).not.toContain("<a ");
    }
    expect(isSafeHref("#section")).toBe(true);
    expect(isSafeHref("notes/page")).toBe(true);
  });

  it("never renders images (they would load from anywhere)", () => {
    expect(renderMarkdown("![pixel](https://tracker.example/p.gif)")).not.toContain("<img");
  });

  it("renders ordinary markdown", () => {
    expect(renderMarkdown("## Title\n\n**bold** and `code`")).toBe("<h2>Title</h2>\n<p><strong>bold</strong> and <code>code</code></p>\n");
  });
});
