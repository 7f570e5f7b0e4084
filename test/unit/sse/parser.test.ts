import { describe, expect, it } from "vitest";
import { SseParser, type SseEvent } from "../../../lib/sse/parser";
import { sseEvents } from "../../../lib/sse/stream";

const enc = new TextEncoder();

/** Feeds `parts` one by one and returns everything the parser produced. */
function parse(parts: (Uint8Array | string)[]) {
  const p = new SseParser();
  const events: SseEvent[] = [];
  for (const part of parts) events.push(...p.push(part));
  const end = p.end();
  events.push(...end.events);
  return { events, doneSeen: p.doneSeen, truncated: end.truncated };
}

// An SGLang-like stream: multi-byte text (é, 中, an emoji), a comment, multi-line data, CRLF and LF
// endings, a data field without a space, and the [DONE] marker.
const STREAM =
  ': keep-alive\n\n' +
  'data: {"text":"héllo 中文 😀","meta_info":{"completion_tokens":1}}\n\n' +
  'data: {"a":\r\ndata: 1}\r\n\r\n' +
  'data:no-space\n' +
  'event: ignored\n' +
  'id: 3\n\n' +
  'data\n\n' +
  'data: [DONE]\n\n';

const EXPECTED: SseEvent[] = [
  { data: '{"text":"héllo 中文 😀","meta_info":{"completion_tokens":1}}' },
  { data: '{"a":\n1}' },
  { data: "no-space" },
  { data: "" },
];

describe("SseParser", () => {
  it("parses a whole stream", () => {
    expect(parse([STREAM])).toEqual({ events: EXPECTED, doneSeen: true, truncated: false });
  });

  it("gives the same events for a byte split at every point (inside lines, CRLF and UTF-8 chars)", () => {
    const bytes = enc.encode(STREAM);
    for (let i = 0; i <= bytes.length; i++) {
      const got = parse([bytes.subarray(0, i), bytes.subarray(i)]);
      expect(got, `split at byte ${i}`).toEqual({ events: EXPECTED, doneSeen: true, truncated: false });
    }
  });

  it("gives the same events for every pair of split points", () => {
    const bytes = enc.encode(STREAM);
    for (let i = 0; i <= bytes.length; i += 3) {
      for (let j = i; j <= bytes.length; j += 2) {
        const got = parse([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
        expect(got.events, `splits at ${i}, ${j}`).toEqual(EXPECTED);
      }
    }
  });

  it("gives the same events one byte at a time, and one string char at a time", () => {
    const bytes = enc.encode(STREAM);
    expect(parse(Array.from(bytes, (b) => Uint8Array.of(b))).events).toEqual(EXPECTED);
    expect(parse(Array.from(STREAM)).events).toEqual(EXPECTED);
  });

  it("handles bare CR line endings, including a CR at the end of a chunk followed by LF", () => {
    expect(parse(["data: a\r\r", "data: b\r", "\n\r\n"]).events).toEqual([{ data: "a" }, { data: "b" }]);
  });

  it("strips a leading byte-order mark from text and bytes", () => {
    expect(parse(["\uFEFFdata: x\n\n"]).events).toEqual([{ data: "x" }]);
    expect(parse([Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xbf), enc.encode("data: y\n\n")]).events).toEqual([{ data: "y" }]);
  });

  it("reports a stream cut before [DONE], dropping the open event", () => {
    const cut = parse(['data: {"text":"a"}\n\n', 'data: {"text":"ab']);
    expect(cut).toEqual({ events: [{ data: '{"text":"a"}' }], doneSeen: false, truncated: true });
    // A complete line without its blank line is still an open event.
    expect(parse(["data: [DONE]\n"])).toMatchObject({ doneSeen: false, truncated: true });
  });

  it("reports an error event as data, as SGLang sends it before [DONE]", () => {
    const got = parse(['data: {"error": {"message": "bad"}}\n\ndata: [DONE]\n\n']);
    expect(got.events).toEqual([{ data: '{"error": {"message": "bad"}}' }]);
    expect(got.doneSeen).toBe(true);
  });

  it("refuses input after end()", () => {
    const p = new SseParser();
    p.end();
    expect(() => p.push("data: x\n\n")).toThrow("push() after end()");
  });
});

describe("sseEvents", () => {
  it("yields events from an async byte stream and returns how it ended", async () => {
    async function* source() {
      const bytes = enc.encode(STREAM);
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const it = sseEvents(source());
    const events: SseEvent[] = [];
    let r = await it.next();
    while (!r.done) {
      events.push(r.value);
      r = await it.next();
    }
    expect(events).toEqual(EXPECTED);
    expect(r.value).toEqual({ doneSeen: true, truncated: false });
  });
});
