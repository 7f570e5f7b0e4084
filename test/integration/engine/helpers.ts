import { afterAll, beforeAll } from "vitest";
import { startEngine, type RunningEngine, type StartEngineOptions } from "../../../server/engine";

export interface JsonReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** POSTs JSON (or a raw string) and parses the reply as JSON when it is JSON. */
export async function post<T = any>(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonReply<T>> {
  const r = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: r.status, body: await parse(r), headers: r.headers };
}

export async function get<T = any>(base: string, path: string, headers: Record<string, string> = {}): Promise<JsonReply<T>> {
  const r = await fetch(base + path, { headers });
  return { status: r.status, body: await parse(r), headers: r.headers };
}

async function parse(r: Response): Promise<any> {
  const text = await r.text();
  if ((r.headers.get("content-type") ?? "").includes("application/json")) return JSON.parse(text);
  return text;
}

/** Starts engines before a test file's tests (handing them to `assign`) and closes them after. */
export function useEngines<const T extends readonly StartEngineOptions[]>(opts: T, assign: (running: { -readonly [K in keyof T]: RunningEngine }) => void): void {
  let running: RunningEngine[] = [];
  beforeAll(async () => {
    running = await Promise.all(opts.map((o) => startEngine({ port: 0, ...o })));
    assign(running as { -readonly [K in keyof T]: RunningEngine });
  });
  afterAll(async () => {
    await Promise.all(running.map((e) => e.close()));
  });
}

/** Reads an SSE body into its `data:` payloads (strings), in order. */
export async function sseEvents(base: string, path: string, body: unknown): Promise<{ status: number; contentType: string; events: string[] }> {
  const r = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await r.text();
  const events = text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length));
  return { status: r.status, contentType: r.headers.get("content-type") ?? "", events };
}

/** Token id of a word that the tokenizer keeps whole (" yes", " no", …). */
export function singleToken(e: RunningEngine, word: string): number {
  const ids = e.engine.tokenizer.encode(word);
  if (ids.length !== 1) throw new Error(`${JSON.stringify(word)} is not one token`);
  return ids[0]!;
}
