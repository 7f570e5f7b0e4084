import { afterEach, describe, expect, it } from "vitest";
import { IdentityCache } from "../../../server/cells";
import { startFixtureBackend, type FixtureBackend } from "../../helpers/fixtureBackend";

let f: FixtureBackend | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

const infoCalls = (b: FixtureBackend) => b.requests.filter((r) => r.url.startsWith("/server_info")).length;

describe("IdentityCache", () => {
  it("reads a backend's identity once per TTL, and not again while it is fresh", async () => {
    f = await startFixtureBackend("sglang");
    const backend = { id: "x", name: "x", dialect: "sglang" as const, baseUrl: f.url, apiKey: null, model: null, source: "user" as const };
    const cache = new IdentityCache(60_000);
    const first = await cache.get(backend, { timeoutMs: 2000 });
    const second = await cache.get(backend, { timeoutMs: 2000 });
    expect(second).toBe(first);
    expect(first.version).toMatch(/fixture/);
    expect(infoCalls(f)).toBe(1);
    // another address is another server
    await cache.get({ ...backend, baseUrl: `${f.url}/` }, { timeoutMs: 2000 });
    expect(infoCalls(f)).toBe(2);
  });

  it("does not keep a failed read", async () => {
    f = await startFixtureBackend("sglang", { mode: "500" });
    const backend = { id: "y", name: "y", dialect: "sglang" as const, baseUrl: f.url, apiKey: null, model: null, source: "user" as const };
    const cache = new IdentityCache(60_000);
    expect((await cache.get(backend, { timeoutMs: 2000 })).errors.length).toBeGreaterThan(0);
    f.mode = "ok";
    await new Promise((r) => setTimeout(r, 10));
    expect((await cache.get(backend, { timeoutMs: 2000 })).errors).toEqual([]);
  });
});
