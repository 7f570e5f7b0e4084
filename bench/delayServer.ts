import http from "node:http";
import type { AddressInfo } from "node:net";
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

export async function startDelayServer(partial: Partial<DelayOptions> = {}, port = 0): Promise<DelayServer> {
  const o: DelayOptions = { ...DELAY_DEFAULTS, ...partial };
  let inFlight = 0;
  let served = 0;
  let streams = 0;
  const timeline = new Timeline();
  const at = (when: number, fn: () => void) => timeline.at(when, fn);
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    const arrivedEpoch = epochMs();
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      if (req.method === "GET") return info(path, res);
      inFlight++;
      res.on("close", () => {
        inFlight--;
        served++;
      });
      if (path === "/generate") return stream(res, arrived, arrivedEpoch);
      if (path === "/v1/score") return score(res, Buffer.concat(parts).toString("utf8"), arrived);
      res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
    });
  });
  server.keepAliveTimeout = 60_000;

  function info(path: string | undefined, res: http.ServerResponse): void {
    if (path === "/health") return void res.writeHead(200).end();
    if (path === "/stats") {
      // How late this server's own timed writes ran (ms): the part of any error that is not the client's.
      const late = timeline.lateness.splice(0).sort((x, y) => x - y);
      const q = (p: number) => percentileOfSorted(late, p);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ n: late.length, p50: q(50), p99: q(99), max: q(100) }));
      return;
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain" }).end(`sglang:num_queue_reqs{model_name="delay"} ${inFlight}\nsglang:num_running_reqs{model_name="delay"} 0\n`);
      return;
    }
    const bodies: Record<string, unknown> = {
      "/server_info": { version: "delay-server", model_path: "bench/delay", dtype: "float32" },
      "/model_info": { model_path: "bench/delay" },
      "/v1/models": { object: "list", data: [{ id: "bench/delay", max_model_len: 4096 }] },
    };
    const body = path !== undefined ? bodies[path] : undefined;
    if (body) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    else res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
  }

  function stream(res: http.ServerResponse, arrived: number, arrivedEpoch: number): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunks = Math.ceil(o.tokens / o.tokensPerChunk);
    const cut = o.cutAfter !== null && (o.cutEvery === null || streams % o.cutEvery === 0);
    streams++;
    let i = 0;
    const times = { arrived: arrivedEpoch, writes: [] as number[] };
    /** Writes event i (1-based): "end" once the stream is over, "full" when the socket wants a drain. */
    const write = (): "more" | "full" | "end" => {
      if (res.destroyed) return "end";
      i++;
      if (cut && i > (o.cutAfter as number)) {
        // end(), not destroy(): events already written must reach the client before the connection drops
        res.socket?.end();
        return "end";
      }
      const last = i === chunks;
      if (o.ttftMs > 0) times.writes.push(epochMs());
      const more = res.write(chunk(i, o.tokens, last, o, times));
      if (last) {
        res.end("data: [DONE]\n\n");
        return "end";
      }
      return more ? "more" : "full";
    };
    if (o.itlMs === 0 && o.ttftMs === 0) return burst(res, write);
    const next = (): void => {
      if (write() !== "end") at(arrived + o.ttftMs + i * o.itlMs * o.tokensPerChunk, next);
    };
    at(arrived + o.ttftMs, next);
  }

  /** No delays: as many events as the socket takes, yielding between batches so other streams go too. */
  function burst(res: http.ServerResponse, write: () => "more" | "full" | "end"): void {
    const batch = (): void => {
      for (let n = 0; n < 64; n++) {
        const w = write();
        if (w === "end") return;
        if (w === "full") return void res.once("drain", batch);
      }
      setImmediate(batch);
    };
    batch();
  }

  function score(res: http.ServerResponse, body: string, arrived: number): void {
    let items = 1;
    try {
      const parsed = JSON.parse(body) as { items?: unknown[] };
      items = Array.isArray(parsed.items) ? parsed.items.length : 1;
    } catch {
      // a zero-work benchmark may send anything; one row it is
    }
    const text = `{"scores":[${Array.from({ length: items }, () => "[0.5,0.5]").join(",")}],"usage":{"prompt_tokens":8}}`;
    const answer = () => res.writeHead(200, { "content-type": "application/json" }).end(text);
    if (o.scoreMs > 0) at(arrived + o.scoreMs, answer);
    else answer(); // zero work: no timer, no loop turn
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    options: o,
    served: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
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
