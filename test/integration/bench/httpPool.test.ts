import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HttpPool, serializeRequest, type Connection, type PoolRequest } from "../../../server/bench/httpPool";

/**
 * The load generator's HTTP/1.1 pool against a raw TCP server that counts connections and answers each
 * request with a fixed body: sockets opened ahead of a level are the ones its requests use.
 */

interface CountingServer {
  url: URL;
  /** Connections accepted so far. */
  accepted(): number;
  /** Requests read so far. */
  requests(): number;
  /** Sockets the server holds now, in accept order. */
  sockets: net.Socket[];
  close(): Promise<void>;
}

async function countingServer(): Promise<CountingServer> {
  let accepted = 0;
  let requests = 0;
  const sockets: net.Socket[] = [];
  const server = net.createServer((sock) => {
    accepted++;
    sockets.push(sock);
    let head = "";
    sock.on("data", (d: Buffer) => {
      head += d.toString("latin1");
      for (let end = head.indexOf("\r\n\r\n"); end >= 0; end = head.indexOf("\r\n\r\n")) {
        head = head.slice(end + 4); // the test's requests have no body
        requests++;
        sock.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"ok\":true}");
      }
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    accepted: () => accepted,
    requests: () => requests,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One GET through the pool: resolves with its status and body, or rejects with the pool's error. */
function get(pool: HttpPool, url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const parts: Buffer[] = [];
    const req: PoolRequest = {
      raw: serializeRequest(url, "GET", {}, Buffer.alloc(0)),
      conn: null as Connection | null,
      head: (s) => {
        status = s;
      },
      body: (chunk) => parts.push(Buffer.from(chunk)),
      end: () => resolve({ status, body: Buffer.concat(parts).toString("utf8") }),
      error: (err) => reject(err),
    };
    pool.request(req);
  });
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(maxSockets: number) {
  const server = await countingServer();
  const pool = new HttpPool(server.url, maxSockets);
  cleanup.push(() => server.close(), () => pool.close());
  return { server, pool };
}

describe("HttpPool", () => {
  it("preconnect opens the sockets before any request, and the requests then use them", async () => {
    const { server, pool } = await setup(4);
    await pool.preconnect(4, 5_000);
    await vi.waitFor(() => expect(server.accepted()).toBe(4)); // the server's accepts run after the client's connects

    expect(server.requests()).toBe(0);
    expect(pool.size).toBe(4);
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(pool, new URL("/x", server.url))));
    expect(answers.every((a) => a.status === 200 && a.body === '{"ok":true}')).toBe(true);
    expect(server.requests()).toBe(8);
    expect(server.accepted()).toBe(4); // no request paid for a connection
  });

  it("preconnect never opens past the cap, and opens only what is missing", async () => {
    const { server, pool } = await setup(2);
    await pool.preconnect(5, 5_000);
    expect(pool.size).toBe(2);
    await vi.waitFor(() => expect(server.accepted()).toBe(2));
    pool.setMaxSockets(3);
    await pool.preconnect(3, 5_000);
    await vi.waitFor(() => expect(server.accepted()).toBe(3));
    await pool.preconnect(3, 5_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(server.accepted()).toBe(3);
  });

  it("a lowered cap holds: sockets left from a wider level stay idle beyond it", async () => {
    // a server that answers each request 20 ms later and records how many it held at once
    let held = 0;
    let most = 0;
    const server = net.createServer((sock) => {
      sock.on("data", () => {
        most = Math.max(most, ++held);
        setTimeout(() => {
          held--;
          sock.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        }, 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    const pool = new HttpPool(url, 4);
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())), () => pool.close());
    await pool.preconnect(4, 5_000);
    pool.setMaxSockets(2);
    const answers = await Promise.all(Array.from({ length: 6 }, () => get(pool, url)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(most).toBe(2);
    expect(pool.size).toBe(4); // the other two stayed open, idle
  });

  it("sockets idle longer than asked are closed before a level reuses them", async () => {
    const { server, pool } = await setup(2);
    await pool.preconnect(2, 5_000);
    await get(pool, new URL("/x", server.url));
    pool.dropIdle(60_000);
    expect(pool.size).toBe(2);
    await new Promise((r) => setTimeout(r, 30));
    pool.dropIdle(10);
    expect(pool.size).toBe(0);
    expect((await get(pool, new URL("/x", server.url))).status).toBe(200);
  });

  it("an interim 1xx answer is skipped: the final answer is the request's, and the socket stays in sync", async () => {
    const server = net.createServer((sock) => {
      sock.on("data", () => {
        sock.write("HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n");
        setTimeout(() => sock.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"), 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    const pool = new HttpPool(url, 1);
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())), () => pool.close());
    const [a, b] = await Promise.all([get(pool, url), get(pool, url)]);
    expect(a).toEqual({ status: 200, body: "ok" });
    expect(b).toEqual({ status: 200, body: "ok" });
    expect(pool.size).toBe(1);
  });

  it("a socket that fails to connect is dropped; the request that needs it connects and reports the error", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve())); // nothing listens there now
    const url = new URL(`http://127.0.0.1:${port}`);
    const pool = new HttpPool(url, 2);
    cleanup.push(() => pool.close());
    await pool.preconnect(2, 5_000);
    expect(pool.size).toBe(0);
    await expect(get(pool, url)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("an idle socket that receives bytes nobody asked for is closed, never handed to a request", async () => {
    const { server, pool } = await setup(1);
    await pool.preconnect(1, 5_000);
    (server.sockets[0] as net.Socket).write("HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n");
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.size).toBe(0);
    const answer = await get(pool, new URL("/x", server.url));
    expect(answer.status).toBe(200);
    expect(server.accepted()).toBe(2);
  });
});
