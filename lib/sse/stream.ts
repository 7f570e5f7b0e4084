import { type SseEvent, SseParser } from "./parser";

export type SseStreamEnd = { doneSeen: boolean; truncated: boolean };

/**
 * Events of a whole byte stream (a fetch body, a Node stream): yields each event as soon as its chunk
 * arrives and returns how the stream ended. The caller timestamps chunks itself if it measures timing.
 */
export async function* sseEvents(
  source: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<SseEvent, SseStreamEnd, undefined> {
  const parser = new SseParser();
  for await (const chunk of source) yield* parser.push(chunk);
  const end = parser.end();
  yield* end.events;
  return { doneSeen: parser.doneSeen, truncated: end.truncated };
}
