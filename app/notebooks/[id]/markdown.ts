import MarkdownIt from "markdown-it";

/**
 * Markdown cells rendered safely: raw HTML is escaped (html: false), images are off (they would load
 * from anywhere), and a link survives only if it is http(s) or relative. Everything else markdown-it
 * escapes, so the output can go into the page as HTML.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.disable(["image"]);

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export function isSafeHref(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so judge without them.
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = SCHEME.exec(compact)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === "http" || scheme === "https";
}

md.validateLink = isSafeHref;

const renderToken: NonNullable<typeof md.renderer.rules.link_open> = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);
const linkOpen = md.renderer.rules.link_open ?? renderToken;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet("rel", "noopener noreferrer nofollow");
    token.attrSet("target", "_blank");
  }
  return linkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
