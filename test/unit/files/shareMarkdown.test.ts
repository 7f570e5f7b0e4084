import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../app/s/[id]/markdown";

describe("markdown of shared notebooks", () => {
  it("escapes raw HTML instead of rendering it", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("links only to http(s) pages and to anchors on the page", () => {
    expect(renderMarkdown("[a](https://example.org/x)")).toContain('<a href="https://example.org/x" rel="noopener noreferrer nofollow">a</a>');
    expect(renderMarkdown("[c](#cell-g1)")).toContain('<a href="#cell-g1">c</a>');
    for (const bad of ["javascript:alert(1)", "data:text/html,hi", "/notebooks", "file:///etc/passwd", "vbscript:x"]) {
      expect(renderMarkdown(`[x](${bad})`)).not.toContain("<a ");
    }
  });

  it("never fetches images from elsewhere", () => {
    expect(renderMarkdown("![pixel](https://tracker.example/p.gif)")).not.toContain("<img");
  });

  it("renders ordinary markdown", () => {
    expect(renderMarkdown("## Title\n\n**bold** and `code`")).toBe("<h2>Title</h2>\n<p><strong>bold</strong> and <code>code</code></p>\n");
  });
});
