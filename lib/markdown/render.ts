import MarkdownIt from "markdown-it";

/**
 * Markdown cells are untrusted (notebooks are shared and imported), so they render safely everywhere —
 * the editor and share pages alike: raw HTML is escaped (html: false), images are off (they would load
 * from anywhere, and a share must never fetch from elsewhere), and a link survives only if it is
 * http(s), relative, or an anchor on the page. The output can go into the page as HTML.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.disable(["image"]);

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export function isSafeHref(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so judge without them.
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = SCHEME.exec(compact)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === "http" || scheme === "https";
}

md.validateLink = isSafeHref;

const renderToken = md.renderer.renderToken.bind(md.renderer);
md.renderer.rules.link_open = (tokens, idx, options) => {
  const token = tokens[idx];
  // Links leave the page in a new tab with no opener; anchors (#cell-…) stay on the page.
  if (token && !String(token.attrGet("href") ?? "").startsWith("#")) {
    token.attrSet("rel", "noopener noreferrer nofollow");
    token.attrSet("target", "_blank");
  }
  return renderToken(tokens, idx, options);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
