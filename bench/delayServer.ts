import net, { type AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { percentileOfSorted } from "../lib/stats/descriptive";
import { Timeline } from "./timeline";

/**
 * A local SGLang-shaped server with known, injected delays, for measuring the benchmark runner itself
 * (bench/runner.ts) and for the runner's fault tests. It does no work: `/generate` streams `tokens`
 * chunks, the first `ttftMs` after the request arrived and then one every `itlMs` (scheduled against
 * absolute times, so delays do not drift), in SGLang's cumulative format; `/v1/score` answers after
 * `scoreMs` with one row per item. `cutAfter` drops the connection after that many stream events;
 * `/metrics` reports requests in flight as `sglang:num_queue_reqs`; `/stats` how late its own timed
 * writes ran since the last call (so a run can tell server lateness from client error).
 *
 * Run standalone (a separate process keeps the server off the client's event loop):
 *   tsx bench/delayServer.ts '{"ttftMs":20,"itlMs":5,"tokens":16}'   → prints {"url": …}
 */

export interface DelayOptions {
  ttftMs: number;
  itlMs: number;
  tokens: number;
  scoreMs: number;
  /** Stream: destroy the socket after this many events (a stream that stops halfway)… */
  cutAfter: number | null;
  /** …on every request, or only on every n-th stream request (1st, n+1-th, …). */
  cutEvery: number | null;
  /** Stream: tokens per chunk (ITL = chunk gap ÷ tokens). */
  tokensPerChunk: number;
  /** Stream: SGLang's default cumulative chunks (text and ids so far), or per-chunk deltas (--incremental-streaming-output). */
  cumulative: boolean;
}

export const DELAY_DEFAULTS: DelayOptions = { ttftMs: 20, itlMs: 5, tokens: 16, scoreMs: 0, cutAfter: null, cutEvery: null, tokensPerChunk: 1, cumulative: true };

export interface DelayServer {
  url: string;
  options: DelayOptions;
  /** Requests answered so far. */
  served(): number;
  /** Connections that have carried a /generate or /v1/score request so far (health, info, telemetry not counted). */
  loadConnections(): number;
  /** /generate requests that asked for logprobs (`"return_logprob":true` in the body). */
  logprobRequests(): number;
  /** The body of the last /generate request, as sent. */
  lastGenerateBody(): string | null;
  close(): Promise<void>;
}

/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/**
 * One stream event. The last one carries `bench_times`: when the request arrived and when each event was
 * written (epoch ms), so a client on this machine can tell its own timing error from this server's.
 */
function chunk(i: number, tokens: number, last: boolean, o: DelayOptions, times: { arrived: number; writes: number[] }): string {
  const n = Math.min(tokens, i * o.tokensPerChunk);
  const from = o.cumulative ? 0 : Math.min(tokens, (i - 1) * o.tokensPerChunk);
  const ids = Array.from({ length: n - from }, (_, k) => 100 + from + k);
  const finish = last ? `{"type":"length","length":${tokens}}` : "null";
  const bench = last ? `,"bench_times":${JSON.stringify(times)}` : "";
  return `data: {"text":"${"x".repeat(n - from)}","output_ids":[${ids.join(",")}],"meta_info":{"id":"d","finish_reason":${finish},"prompt_tokens":8,"completion_tokens":${n},"cached_tokens":0${bench}}}\n\n`;
}

const STATUS_TEXT: Record<number, string> = { 200: "OK", 400: "Bad Request", 404: "Not Found", 413: "Payload Too Large", 501: "Not Implemented" };
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A complete response with a body (not streamed). */
function whole(status: number, contentType: string, body: string, close: boolean): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ""}\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${close ? "connection: close\r\n" : ""}\r\n${body}`;
}

/** One piece of a chunked body. */
const piece = (text: string): string => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
const STREAM_HEAD = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n";
const STREAM_END = `${piece("data: [DONE]\n\n")}0\r\n\r\n`;

interface Parsed {
  method: string;
  path: string;
  body: Buffer;
  close: boolean;
}

/**
 * The server speaks HTTP/1.1 on raw sockets (keep-alive, content-length request bodies, chunked streams)
 * rather than through node:http: it is a measuring instrument, and node:http's per-request objects cost
 * it about twice the CPU and garbage, which showed up as its own lateness in bench/runner at 256 streams.
 */
export async function startDelayServer(partial: Partial<DelayOptions> = {}, port = 0): Promise<DelayServer> {
  const o: DelayOptions = { ...DELAY_DEFAULTS, ...partial };
  let inFlight = 0;
  let served = 0;
  let streams = 0;
  let loadConnections = 0;
  let logprobRequests = 0;
  let lastGenerateBody: Buffer | null = null;
  const sockets = new Set<net.Socket>();
  const timeline = new Timeline();
  const at = (when: number, fn: () => void) => timeline.at(when, fn);

  const server = net.createServer((sock) => {
    sockets.add(sock);
    let carriedLoad = false;
    sock.setNoDelay(true);
    let buf: Buffer | null = null;
    /** A response is being written: further requests on this socket wait for it (no pipelining overlap). */
    let busy = false;
    /** Arrival of the request now in `buf` (its first bytes), as performance.now() and epoch ms. */
    let arrived = 0;
    let arrivedEpoch = 0;

    const next = (): void => {
      while (!busy && buf && !sock.destroyed) {
        const req = parse(buf);
        if (req === "more") return;
        if (typeof req === "number") {
          sock.end(whole(req, "application/json", JSON.stringify({ detail: STATUS_TEXT[req] }), true));
          buf = null;
          return;
        }
        buf = req.rest.length > 0 ? req.rest : null;
        busy = true;
        if ((req.parsed.path === "/generate" || req.parsed.path === "/v1/score") && !carriedLoad) {
          carriedLoad = true;
          loadConnections++;
        }
        if (req.parsed.close) buf = null; // nothing after a "connection: close" request is read
        handle(sock, req.parsed, arrived, arrivedEpoch, () => {
          busy = false;
          if (req.parsed.close) sock.end();
          else setImmediate(next);
        });
        // a request already waiting behind this one arrived when its bytes did, not later
        arrived = performance.now();
        arrivedEpoch = epochMs();
      }
    };
    sock.on("data", (d: Buffer) => {
      if (sock.writableEnded) return; // closing: nothing more is answered
      if (!buf) {
        arrived = performance.now();
        arrivedEpoch = epochMs();
      }
      buf = buf ? Buffer.concat([buf, d]) : d;
      next();
    });
    sock.on("error", () => {}); // a client that resets is not this server's error
    sock.on("close", () => sockets.delete(sock));
  });

  /** One request from the front of `b`: parsed with what follows it, "more" (incomplete), or an error status. */
  function parse(b: Buffer): { parsed: Parsed; rest: Buffer } | "more" | number {
    const end = b.indexOf("\r\n\r\n");
    if (end < 0) return b.length > MAX_HEAD_BYTES ? 413 : "more";
    const head = b.toString("latin1", 0, end);
    const lines = head.split("\r\n");
    const [method, target, version] = (lines[0] ?? "").split(" ");
    if (!method || !target || !version?.startsWith("HTTP/1.")) return 400;
    let length = 0;
    let close = version === "HTTP/1.0";
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") length = Number(value);
      else if (name === "transfer-encoding") return 501; // every client here sends a content-length
      else if (name === "connection") close = value === "close" || (version === "HTTP/1.0" && value !== "keep-alive");
    }
    if (!Number.isInteger(length) || length < 0) return 400;
    if (length > MAX_BODY_BYTES) return 413;
    if (b.length < end + 4 + length) return "more";
    return { parsed: { method, path: target.split("?")[0] as string, body: b.subarray(end + 4, end + 4 + length), close }, rest: b.subarray(end + 4 + length) };
  }

  function handle(sock: net.Socket, req: Parsed, arrived: number, arrivedEpoch: number, done: () => void): void {
    if (req.method === "GET") {
      sock.write(info(req.path, req.close));
      return done();
    }
    inFlight++;
    const finished = (): void => {
      inFlight--;
      served++;
      done();
    };
    if (req.path === "/generate") {
      if (req.body.includes('"return_logprob":true')) logprobRequests++;
      lastGenerateBody = req.body; // decoded only when a test asks: the instrument stays lean
      return stream(sock, arrived, arrivedEpoch, finished);
    }
    if (req.path === "/v1/score") return score(sock, req.body.toString("utf8"), arrived, req.close, finished);
    sock.write(whole(404, "application/json", '{"detail":"Not Found"}', req.close));
    finished();
  }

  function info(path: string, close: boolean): string {
    if (path === "/health") return whole(200, "text/plain", "", close);
    if (path === "/stats") {
      // How late this server's own timed writes ran (ms): the part of any error that is not the client's.
      const late = timeline.lateness.splice(0).sort((x, y) => x - y);
      const q = (p: number) => percentileOfSorted(late, p);
      return whole(200, "application/json", JSON.stringify({ n: late.length, p50: q(50), p99: q(99), max: q(100) }), close);
    }
    if (path === "/metrics") {
      return whole(200, "text/plain", `sglang:num_queue_reqs{model_name="delay"} ${inFlight}\nsglang:num_running_reqs{model_name="delay"} 0\n`, close);
    }
    const bodies: Record<string, unknown> = {
      "/server_info": { version: "delay-server", model_path: "bench/delay", dtype: "float32" },
      "/model_info": { model_path: "bench/delay" },
      "/v1/models": { object: "list", data: [{ id: "bench/delay", max_model_len: 4096 }] },
    };
    const body = bodies[path];
    return body ? whole(200, "application/json", JSON.stringify(body), close) : whole(404, "application/json", '{"detail":"Not Found"}', close);
  }

  function stream(sock: net.Socket, arrived: number, arrivedEpoch: number, finished: () => void): void {
    sock.write(STREAM_HEAD);
    const chunks = Math.ceil(o.tokens / o.tokensPerChunk);
    const cut = o.cutAfter !== null && (o.cutEvery === null || streams % o.cutEvery === 0);
    streams++;
    let i = 0;
    let over = false;
    const end = (): "end" => {
      if (!over) {
        over = true;
        finished();
      }
      return "end";
    };
    sock.once("close", end);
    const times = { arrived: arrivedEpoch, writes: [] as number[] };
    /** Writes event i (1-based): "end" once the stream is over, "full" when the socket wants a drain. */
    const write = (): "more" | "full" | "end" => {
      if (over || sock.destroyed) return end();
      i++;
      if (cut && i > (o.cutAfter as number)) {
        // end(), not destroy(): events already written must reach the client before the connection drops
        sock.end();
        return end();
      }
      const last = i === chunks;
      if (o.ttftMs > 0) times.writes.push(epochMs());
      const more = sock.write(last ? piece(chunk(i, o.tokens, last, o, times)) + STREAM_END : piece(chunk(i, o.tokens, last, o, times)));
      if (last) {
        sock.off("close", end);
        return end();
      }
      return more ? "more" : "full";
    };
    if (o.itlMs === 0 && o.ttftMs === 0) return burst(sock, write);
    const step = (): void => {
      if (write() !== "end") at(arrived + o.ttftMs + i * o.itlMs * o.tokensPerChunk, step);
    };
    at(arrived + o.ttftMs, step);
  }

  /** No delays: as many events as the socket takes, yielding between batches so other streams go too. */
  function burst(sock: net.Socket, write: () => "more" | "full" | "end"): void {
    const batch = (): void => {
      sock.cork(); // one write for the batch, as a busy server's socket would carry it
      try {
        for (let n = 0; n < 64; n++) {
          const w = write();
          if (w === "end") return;
          if (w === "full") return void sock.once("drain", batch);
        }
      } finally {
        sock.uncork();
      }
      setImmediate(batch);
    };
    batch();
  }

  function score(sock: net.Socket, body: string, arrived: number, close: boolean, finished: () => void): void {
    let items = 1;
    try {
      const parsed = JSON.parse(body) as { items?: unknown[] };
      items = Array.isArray(parsed.items) ? parsed.items.length : 1;
    } catch {
      // a zero-work benchmark may send anything; one row it is
    }
    const text = `{"scores":[${Array.from({ length: items }, () => "[0.5,0.5]").join(",")}],"usage":{"prompt_tokens":8}}`;
    const answer = () => {
      if (!sock.destroyed) sock.write(whole(200, "application/json", text, close));
      finished();
    };
    if (o.scoreMs > 0) at(arrived + o.scoreMs, answer);
    else answer(); // zero work: no timer, no loop turn
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    options: o,
    served: () => served,
    loadConnections: () => loadConnections,
    logprobRequests: () => logprobRequests,
    lastGenerateBody: () => lastGenerateBody?.toString("utf8") ?? null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const opts = JSON.parse(process.argv[2] ?? "{}") as Partial<DelayOptions>;
  const s = await startDelayServer(opts);
  process.stdout.write(`${JSON.stringify({ url: s.url })}\n`);
  process.on("SIGTERM", () => void s.close().then(() => process.exit(0)));
}
