/**
 * Token text is untrusted (it comes from a server's tokenizer). We render it as React text only, and
 * make every character that would otherwise be invisible, or would move other text around, visible:
 * whitespace gets a marker, control / zero-width / bidi-override characters an escape.
 */

export type TokenSegment = { text: string; marker: boolean };

/** Visible stand-ins for the common whitespace. */
const MARKERS: Readonly<Record<string, string>> = {
  " ": "·",
  "\n": "↵",
  "\r": "␍",
  "\t": "→",
  "\u00a0": "⍽",
};

/**
 * C0/C1 controls and DEL, plus characters that are invisible or reorder text: zero-width
 * (U+200B–U+200F), bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069), other
 * Unicode spaces, line/paragraph separators, word joiner…, and the BOM.
 */
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]/u;

const ESCAPED_ALL = new RegExp(ESCAPED.source, "gu");

/**
 * Prose from an untrusted source (output text, server messages, raw bodies): newlines, tabs and
 * spaces stay as they are; every other control, invisible or bidi character becomes an escape, so
 * nothing can hide or reorder the text around it.
 */
export function visibleProse(text: string): string {
  return text.replace(ESCAPED_ALL, (ch) => (ch === "\n" || ch === "\t" || ch === "\r" ? ch : escapeCodePoint(ch)));
}

/** `\x07` for code points up to 0xff, `\u202e` above. */
export function escapeCodePoint(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/** Splits a token's text into plain runs and markers (whitespace stand-ins and escapes). */
export function tokenSegments(text: string): TokenSegment[] {
  const out: TokenSegment[] = [];
  let plain = "";
  for (const ch of text) {
    const marker = MARKERS[ch] ?? (ESCAPED.test(ch) ? escapeCodePoint(ch) : null);
    if (marker === null) {
      plain += ch;
      continue;
    }
    if (plain) out.push({ text: plain, marker: false });
    plain = "";
    const last = out[out.length - 1];
    if (last?.marker) last.text += marker;
    else out.push({ text: marker, marker: true });
  }
  if (plain) out.push({ text: plain, marker: false });
  return out;
}

/** The token's text with whitespace and controls made visible, as one string. */
export function visibleTokenText(text: string): string {
  return tokenSegments(text)
    .map((s) => s.text)
    .join("");
}

/**
 * What to show for a position's token: its visible text, "∅" for an empty string, or `#id` when the
 * server sent no text (the jax dialect without return_text_in_logprobs).
 */
export function tokenLabelSegments(text: string | null, id: number | null): TokenSegment[] {
  if (text === null) return [{ text: id === null ? "—" : `#${id}`, marker: true }];
  if (text === "") return [{ text: "∅", marker: true }];
  return tokenSegments(text);
}

export function tokenLabel(text: string | null, id: number | null): string {
  return tokenLabelSegments(text, id)
    .map((s) => s.text)
    .join("");
}
