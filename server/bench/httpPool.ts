import net from "node:net";
import tls from "node:tls";

/**
 * A lean HTTP/1.1 client for load generation: keep-alive sockets to one origin, each request written as
 * one pre-serialised buffer, and a small response parser (content-length, chunked, or until close).
 * Every socket read is timestamped with performance.now() before anything parses it, and body bytes are
 * handed on with that time. node:http costs several times more CPU per request, which at high rates
 * shows up as client-side latency; this keeps the runner close to autocannon (bench/runner.ts).
 */

export interface ResponseHandler {
  head(status: number, statusText: string, contentType: string | null): void;
  /**
   * A piece of the (de-chunked) body and when the socket read that carried it happened. `chunk` is a view
   * of a read buffer that the next read reuses: copy what you keep past the call.
   */
  body(chunk: Buffer, t: number): void;
  end(t: number): void;
  /** The request failed; `afterHead`: the status line had arrived. `code` as node's net errors use. */
  error(err: NodeJS.ErrnoException, afterHead: boolean): void;
}

/** A request the pool carries: its bytes, its handler, and (set by the pool) the connection it went out on. */
export interface PoolRequest extends ResponseHandler {
  readonly raw: Buffer;
  conn: Connection | null;
}

/** The request line, headers and body as bytes, built once per level. */
export function serializeRequest(url: URL, method: string, headers: Record<string, string>, body: Buffer): Buffer {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, "connection: keep-alive", `content-length: ${body.length}`];
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (name !== "content-length" && name !== "host" && name !== "connection") lines.push(`${k}: ${v}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]);
}

const CRLFCRLF = Buffer.from("\r\n\r\n");

/**
 * Every plain socket reads into this one buffer (reads are handled one at a time, synchronously), so a
 * read allocates no new memory: at thousands of stream events a second, per-read buffers were most of the
 * runner's garbage, and its collection pauses were a visible part of the p99 latency error.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
type BodyMode = "length" | "chunked" | "close" | "none";
type ChunkState = "size" | "data" | "data-crlf" | "trailers";

function socketError(message: string, code: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(message);
  e.code = code;
  return e;
}

/** An `onread` callback: the read's time first, then its bytes to the connection (true: keep reading). */
function feedFrom(c: Connection | null, n: number): boolean {
  const t = performance.now();
  c?.feed(READ_BUFFER.subarray(0, n), t);
  return true;
}

/** One socket and the response being read on it. */
export class Connection {
  handler: ResponseHandler | null = null;
  dead = false;
  /** performance.now() when the socket last became idle (opened, or finished an answer). */
  idleSince = performance.now();
  /** Resolves when the socket has connected (after the TLS handshake on https) or has closed. */
  readonly connected: Promise<void>;
  private headBuf: Buffer | null = null;
  private gotHead = false;
  private mode: BodyMode = "none";
  private left = 0;
  private chunkState: ChunkState = "size";
  private sizeLine = "";
  private trailerLine = "";
  private keepAlive = true;

  constructor(
    readonly socket: net.Socket,
    private readonly pool: HttpPool,
  ) {
    socket.setNoDelay(true);
    this.connected = new Promise((resolve) => {
      socket.once(socket instanceof tls.TLSSocket ? "secureConnect" : "connect", () => resolve());
      socket.once("close", () => resolve());
    });
    // Plain sockets read into READ_BUFFER (connect's `onread`) and call feed() themselves; TLS emits "data".
    if (socket instanceof tls.TLSSocket) socket.on("data", (buf: Buffer) => this.feed(buf, performance.now()));
    socket.on("error", (err: NodeJS.ErrnoException) => this.fail(err));
    socket.on("close", () => this.closed());
  }

  send(req: Buffer, handler: ResponseHandler): void {
    this.handler = handler;
    this.headBuf = null;
    this.gotHead = false;
    this.keepAlive = true;
    this.socket.write(req);
  }

  feed(buf: Buffer, t: number): void {
    // Bytes while no request is out (an idle keep-alive socket): not an answer to anything; never reuse it.
    if (!this.handler) return this.kill();
    let data: Buffer = buf;
    while (!this.gotHead) {
      const all: Buffer = this.headBuf ? Buffer.concat([this.headBuf, data]) : data;
      const at = all.indexOf(CRLFCRLF);
      if (at < 0) {
        this.headBuf = all === data ? Buffer.from(data) : all; // `data` is the shared read buffer: copy
        return;
      }
      this.headBuf = null;
      const head = this.parseHead(all.subarray(0, at).toString("latin1"));
      if (head === "failed") return;
      data = all.subarray(at + 4);
      if (head === "interim") continue; // 100 Continue, 103 Early Hints: the real answer follows
      if (this.mode === "none") return this.finish(t, data.length === 0);
    }
    this.readBody(data, t);
  }

  /** Status line and the few headers that matter: framing, keep-alive, content type. */
  private parseHead(text: string): "final" | "interim" | "failed" {
    const eol = text.indexOf("\r\n");
    const statusLine = eol < 0 ? text : text.slice(0, eol);
    const m = /^HTTP\/1\.([01]) (\d{3}) ?(.*)$/.exec(statusLine);
    if (!m) {
      this.fail(socketError(`not an HTTP/1.x response: ${JSON.stringify(statusLine.slice(0, 80))}`, "HPE_INVALID_CONSTANT"));
      return "failed";
    }
    let contentType: string | null = null;
    let connection = "";
    let te = "";
    let length: string | null = null;
    for (let at = eol; at >= 0 && at < text.length; ) {
      const next = text.indexOf("\r\n", at + 2);
      const line = text.slice(at + 2, next < 0 ? text.length : next);
      at = next;
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (name === "content-type") contentType = line.slice(colon + 1).trim();
      else if (name === "content-length") length = line.slice(colon + 1).trim();
      else if (name === "transfer-encoding") te = line.slice(colon + 1).trim().toLowerCase();
      else if (name === "connection") connection = line.slice(colon + 1).trim().toLowerCase();
    }
    const status = Number(m[2]);
    if (status >= 100 && status < 200 && status !== 101) return "interim";
    this.keepAlive = m[1] === "1" ? connection !== "close" : connection === "keep-alive";
    if (status === 204 || status === 304 || status === 101) this.mode = "none";
    else if (te.includes("chunked")) {
      this.mode = "chunked";
      this.chunkState = "size";
      this.sizeLine = "";
    } else if (length !== null) {
      this.left = Number(length);
      this.mode = this.left > 0 ? "length" : "none";
    } else {
      this.mode = "close";
      this.keepAlive = false;
    }
    this.gotHead = true;
    this.handler?.head(status, m[3] ?? "", contentType);
    return "final";
  }

  private readBody(data: Buffer, t: number): void {
    if (this.mode === "close") {
      if (data.length > 0) this.handler?.body(data, t);
      return;
    }
    if (this.mode === "length") {
      const take = Math.min(this.left, data.length);
      if (take > 0) this.handler?.body(data.subarray(0, take), t);
      this.left -= take;
      if (this.left === 0) this.finish(t, take === data.length);
      return;
    }
    this.readChunked(data, t);
  }

  /** Transfer-Encoding: chunked, fed in pieces split anywhere. */
  private readChunked(data: Buffer, t: number): void {
    let i = 0;
    while (i < data.length) {
      switch (this.chunkState) {
        case "size": {
          const nl = data.indexOf(10, i);
          if (nl < 0) {
            this.sizeLine += data.toString("latin1", i);
            return;
          }
          this.sizeLine += data.toString("latin1", i, nl);
          i = nl + 1;
          const size = Number.parseInt(this.sizeLine.split(";")[0]?.trim() ?? "", 16);
          this.sizeLine = "";
          if (!Number.isFinite(size)) return this.fail(socketError("bad chunk size in a chunked response", "HPE_INVALID_CHUNK_SIZE"));
          if (size === 0) {
            this.chunkState = "trailers";
            this.trailerLine = "";
          } else {
            this.left = size;
            this.chunkState = "data";
          }
          break;
        }
        case "data": {
          const take = Math.min(this.left, data.length - i);
          this.handler?.body(data.subarray(i, i + take), t);
          i += take;
          this.left -= take;
          if (this.left === 0) this.chunkState = "data-crlf";
          break;
        }
        case "data-crlf": {
          const nl = data.indexOf(10, i);
          if (nl < 0) return;
          i = nl + 1;
          this.chunkState = "size";
          break;
        }
        case "trailers": {
          const nl = data.indexOf(10, i);
          if (nl < 0) {
            this.trailerLine += data.toString("latin1", i);
            return;
          }
          const line = (this.trailerLine + data.toString("latin1", i, nl)).replace(/\r$/, "");
          this.trailerLine = "";
          i = nl + 1;
          if (line === "") return this.finish(t, i === data.length);
          break;
        }
      }
    }
  }

  private finish(t: number, clean: boolean): void {
    const h = this.handler;
    this.handler = null;
    h?.end(t);
    // Bytes past the end of the answer mean we lost sync with the server: never reuse such a socket.
    if (this.keepAlive && clean && !this.dead) this.pool.freed(this);
    else this.kill();
  }

  private fail(err: NodeJS.ErrnoException): void {
    const h = this.handler;
    this.handler = null;
    this.kill();
    h?.error(err, this.gotHead);
  }

  private closed(): void {
    const h = this.handler;
    this.handler = null;
    const wasDead = this.dead;
    this.dead = true;
    if (!wasDead) this.pool.died(this);
    if (!h) return;
    if (this.gotHead && this.mode === "close") h.end(performance.now());
    else h.error(socketError("the connection closed before the answer was complete", "ECONNRESET"), this.gotHead);
  }

  kill(): void {
    if (!this.dead) {
      this.dead = true;
      this.pool.died(this);
    }
    this.socket.destroy();
  }
}

/** Keep-alive sockets to one origin, at most `maxSockets` requests at once; requests beyond that wait in order. */
export class HttpPool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: PoolRequest[] = [];
  private closed = false;

  constructor(
    private readonly origin: URL,
    private maxSockets: number,
  ) {}

  /** Open sockets (idle or carrying a request). */
  get size(): number {
    return this.all.size;
  }

  /** A new cap on requests in flight; sockets open beyond it stay idle (or carry requests within the cap). */
  setMaxSockets(n: number): void {
    this.maxSockets = n;
  }

  /**
   * Closes sockets idle longer than `ms`: a server or a middlebox may have dropped them at its keep-alive
   * timeout (uvicorn's is 5 s), and the first request sent on one would fail with a reset.
   */
  dropIdle(ms: number): void {
    const before = performance.now() - ms;
    for (const c of [...this.idle]) if (c.idleSince < before) c.kill();
  }

  /** Sockets carrying a request now. */
  private get busy(): number {
    return this.all.size - this.idle.length;
  }

  /**
   * Opens idle sockets until `n` are open (never past the cap) and resolves once each has connected or
   * failed, or after `timeoutMs`: connection setup (TCP, TLS) then happens before a level, not inside its
   * first measured requests. A socket that fails to connect is dropped (a request then connects afresh
   * and reports the error itself); one still connecting after `timeoutMs` stays, and may be used.
   */
  preconnect(n: number, timeoutMs: number): Promise<void> {
    const opening: Promise<void>[] = [];
    while (!this.closed && this.all.size < Math.min(n, this.maxSockets)) {
      const c = this.connect();
      this.idle.push(c);
      opening.push(c.connected);
    }
    if (opening.length === 0) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    return Promise.race([Promise.all(opening).then(() => undefined), late]).finally(() => clearTimeout(timer));
  }

  request(r: PoolRequest): void {
    r.conn = null;
    if (this.closed) return r.error(socketError("the load generator was closed", "ECONNABORTED"), false);
    if (this.busy >= this.maxSockets) this.waiting.push(r);
    else this.dispatch(this.idle.pop() ?? this.connect(), r);
  }

  /** Stops a request: its socket is destroyed (never reused), or it leaves the wait queue. */
  abort(r: PoolRequest): void {
    const c = r.conn;
    if (c) {
      if (c.handler === r) {
        c.handler = null;
        c.kill();
      }
      return;
    }
    const i = this.waiting.indexOf(r);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    for (const c of [...this.all]) c.kill();
  }

  private dispatch(c: Connection, r: PoolRequest): void {
    r.conn = c;
    c.send(r.raw, r);
  }

  private connect(): Connection {
    const port = Number(this.origin.port || (this.origin.protocol === "https:" ? 443 : 80));
    const host = this.origin.hostname.replace(/^\[|\]$/g, "");
    let c: Connection | null = null;
    const socket =
      this.origin.protocol === "https:"
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
        : net.connect({ host, port, onread: { buffer: READ_BUFFER, callback: (n: number) => feedFrom(c, n) } });
    c = new Connection(socket, this);
    this.all.add(c);
    return c;
  }

  /** A connection finished an answer and may carry the next request. */
  freed(c: Connection): void {
    // c still counts as busy here: handing it the next request keeps the count, so the cap holds
    const next = this.busy <= this.maxSockets ? this.waiting.shift() : undefined;
    if (next) this.dispatch(c, next);
    else {
      c.idleSince = performance.now();
      this.idle.push(c);
    }
  }

  died(c: Connection): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    // A slot opened: the next waiting request gets an idle socket or a fresh one.
    if (this.closed || this.busy >= this.maxSockets) return;
    const next = this.waiting.shift();
    if (next) this.dispatch(this.idle.pop() ?? this.connect(), next);
  }
}
