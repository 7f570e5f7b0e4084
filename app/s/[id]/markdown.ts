import MarkdownIt from "markdown-it";

/**
 * Markdown of shared notebooks, rendered on the server for people who did not write it: no raw HTML
 * (`html: false` escapes it), links only to http(s) pages or to anchors on the page (no javascript:,
 * data: or relative URLs), and no images, so opening a share never fetches anything from elsewhere.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.disable("image");
md.validateLink = (url: string) => /^https?:\/\//i.test(url.trim()) || url.trim().startsWith("#");

const renderToken = md.renderer.renderToken.bind(md.renderer);
md.renderer.rules.link_open = (tokens, idx, options) => {
  const token = tokens[idx];
  if (token && !String(token.attrGet("href") ?? "").startsWith("#")) token.attrSet("rel", "noopener noreferrer nofollow");
  return renderToken(tokens, idx, options);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
