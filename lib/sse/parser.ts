/**
 * Incremental Server-Sent Events parser (the WHATWG "event stream" rules, data field only). Feed it
 * network chunks split anywhere — inside a line, inside a CRLF, inside a UTF-8 character — and it
 * returns the events completed so far. Lines end with \n, \r\n or \r; comments (":…") are skipped;
 * several data lines join with "\n"; a blank line dispatches. `data: [DONE]` (SGLang's end marker) is
 * recorded in `doneSeen` and not returned as an event.
 */

export type SseEvent = { data: string };

export type SseEnd = {
  events: SseEvent[];
  /** A line or an event was still open when the stream ended: it is dropped, as the spec says. */
  truncated: boolean;
};

const LF = 10;
const CR = 13;

export class SseParser {
  private readonly decoder = new TextDecoder("utf-8");
  private text = "";
  private dataLines: string[] | null = null;
  /** The previous chunk ended with \r: a \n at the start of the next one belongs to it. */
  private skipLf = false;
  private atStart = true;
  private finished = false;
  doneSeen = false;

  push(chunk: Uint8Array | string): SseEvent[] {
    if (this.finished) throw new Error("SseParser: push() after end()");
    const decoded = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.consume(decoded);
  }

  /** Flushes the decoder; whatever is left unterminated is dropped and reported as truncated. */
  end(): SseEnd {
    if (this.finished) return { events: [], truncated: false };
    const events = this.consume(this.decoder.decode());
    this.finished = true;
    return { events, truncated: this.text.length > 0 || this.dataLines !== null };
  }

  private consume(decoded: string): SseEvent[] {
    let text = this.text + decoded;
    if (this.atStart && text.length > 0) {
      // A byte-order mark may open the stream (TextDecoder already drops it from byte input).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.atStart = text.length === 0;
    }
    const events: SseEvent[] = [];
    let lineStart = 0;
    if (this.skipLf && text.length > 0) {
      if (text.charCodeAt(0) === LF) lineStart = 1;
      this.skipLf = false;
    }
    for (let i = lineStart; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      this.line(text.slice(lineStart, i), events);
      if (c === CR) {
        if (i + 1 === text.length) this.skipLf = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      lineStart = i + 1;
    }
    this.text = text.slice(lineStart);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      if (this.dataLines === null) return;
      const data = this.dataLines.join("\n");
      this.dataLines = null;
      if (data === "[DONE]") this.doneSeen = true;
      else events.push({ data });
      return;
    }
    if (line.charCodeAt(0) === 58 /* ":" comment */) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== "data") return; // event, id, retry: SGLang sends none, Studio needs none
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    (this.dataLines ??= []).push(value);
  }
}
