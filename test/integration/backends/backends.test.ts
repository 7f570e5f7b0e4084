import http from "node:http";
import { TRPCClientError } from "@trpc/client";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HealthStatus } from "../../../lib/schemas/backend";
import type { Dialect } from "../../../lib/schemas/dialect";
import type { AppRouter } from "../../../server/routers/_app";
import { startFixtureBackend, unreachableUrl, type FixtureBackend } from "../../helpers/fixtureBackend";
import { withStudioServer } from "../../helpers/studioServer";

type Studio = Awaited<ReturnType<typeof withStudioServer>>;
let s: Studio;
const fixtures: FixtureBackend[] = [];

beforeAll(async () => {
  s = await withStudioServer({ STUDIO_HEALTH_INTERVAL_MS: "200", STUDIO_HEALTH_TIMEOUT_MS: "400" });
});
afterAll(async () => {
  await s.close();
});
afterEach(async () => {
  for (const b of await s.client.backends.list.query()) await s.client.backends.remove.mutate({ id: b.id });
  await Promise.all(fixtures.splice(0).map((f) => f.close()));
});

async function fixture(dialect: Dialect, opts?: Parameters<typeof startFixtureBackend>[1]) {
  const f = await startFixtureBackend(dialect, opts);
  fixtures.push(f);
  return f;
}

/** Waits for the pushed health of `id` to satisfy `pred`, over the WebSocket subscription. */
function waitForHealth(id: string, pred: (h: HealthStatus) => boolean, timeoutMs = 5000): Promise<HealthStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`health of ${id} did not reach the expected state in ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = s.client.backends.health.subscribe(undefined, {
      onData: (msg) => {
        const hit = msg.statuses.find((h) => h.backendId === id && pred(h));
        if (hit) {
          clearTimeout(timer);
          sub.unsubscribe();
          resolve(hit);
        }
      },
      onError: reject,
    });
  });
}

describe.each(["sglang", "sglang-jax"] as const)("Backends (%s dialect)", (dialect) => {
  it("adds a backend, reports it healthy over the subscription and reads its identity", async () => {
    const f = await fixture(dialect);
    const b = await s.client.backends.create.mutate({ name: `ok-${dialect}`, dialect, baseUrl: f.url });
    const h = await waitForHealth(b.id, (x) => x.state === "healthy");
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    const idn = await s.client.backends.identity.query({ id: b.id });
    expect(idn.modelPath).toBe("fixture/model");
    expect(idn.version).toMatch(/fixture/);
    expect(idn.dtype).toBe("bfloat16");
    expect(idn.errors).toEqual([]);
    // the dialect's own endpoint names were used
    const paths = f.requests.map((r) => new URL(r.url, "http://x").pathname);
    expect(paths).toContain(dialect === "sglang" ? "/server_info" : "/get_server_info");
  });

  it("shows an unreachable URL as down with the reason", async () => {
    const b = await s.client.backends.create.mutate({ name: `gone-${dialect}`, dialect, baseUrl: await unreachableUrl() });
    const h = await waitForHealth(b.id, (x) => x.state === "down");
    expect(h.error?.kind).toBe("unreachable");
    expect(h.error?.message).toMatch(/refused|reach/i);
  });

  it("reports 401 with a wrong API key, and never sends the key to the client", async () => {
    const f = await fixture(dialect, { apiKey: "right-key" });
    const b = await s.client.backends.create.mutate({ name: `key-${dialect}`, dialect, baseUrl: f.url, apiKey: "wrong-key-123" });
    expect(JSON.stringify(await s.client.backends.list.query())).not.toContain("wrong-key-123");
    expect(b.apiKeySet).toBe(true);
    const idn = await s.client.backends.identity.query({ id: b.id });
    expect(idn.errors.join(" ")).toMatch(/401|unauthori[sz]ed|API key/i);
    expect(JSON.stringify(idn)).not.toContain("wrong-key-123");
    expect(f.requests.some((r) => r.authorization === "Bearer wrong-key-123")).toBe(true);
  });

  it("shows a 500 as down, and comes back healthy on its own", async () => {
    const f = await fixture(dialect, { mode: "500" });
    const b = await s.client.backends.create.mutate({ name: `flaky-${dialect}`, dialect, baseUrl: f.url });
    const down = await waitForHealth(b.id, (x) => x.state === "down");
    expect(down.error?.kind).toBe("http");
    expect(down.error?.status).toBe(500);
    f.mode = "ok";
    const up = await waitForHealth(b.id, (x) => x.state === "healthy");
    expect(up.since).not.toBe(down.since);
  });

  it("reports a non-JSON info body as an identity error, in words", async () => {
    const f = await fixture(dialect, { mode: "non-json" });
    const b = await s.client.backends.create.mutate({ name: `html-${dialect}`, dialect, baseUrl: f.url });
    const idn = await s.client.backends.identity.query({ id: b.id });
    expect(idn.modelPath).toBeNull();
    expect(idn.errors.join(" ")).toMatch(/JSON/i);
  });

  it("times out on a hung server instead of waiting forever", async () => {
    const f = await fixture(dialect, { mode: "hang" });
    const b = await s.client.backends.create.mutate({ name: `hung-${dialect}`, dialect, baseUrl: f.url });
    const h = await waitForHealth(b.id, (x) => x.state === "down");
    expect(h.error?.kind).toBe("timeout");
  });
});

describe("Backend input validation", () => {
  it("rejects a bad URL with a field error", async () => {
    const err = await s.client.backends.create
      .mutate({ name: "bad", dialect: "sglang", baseUrl: "localhost:30000" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data?.fieldErrors?.baseUrl?.[0]).toMatch(/http:\/\//);
  });

  it("refuses a duplicate name on the name field", async () => {
    const url = await unreachableUrl();
    await s.client.backends.create.mutate({ name: "twin", dialect: "sglang", baseUrl: url });
    const err = (await s.client.backends.create.mutate({ name: "twin", dialect: "sglang", baseUrl: url }).catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(err.data?.fieldErrors?.name?.[0]).toMatch(/already exists/);
  });

  it("edits a backend, keeping the key unless told otherwise", async () => {
    const url = await unreachableUrl();
    const b = await s.client.backends.create.mutate({ name: "edit-me", dialect: "sglang", baseUrl: url, apiKey: "k1" });
    const renamed = await s.client.backends.update.mutate({ id: b.id, patch: { name: "edited", dialect: "sglang-jax", baseUrl: url, model: "m" } });
    expect(renamed).toMatchObject({ name: "edited", dialect: "sglang-jax", model: "m", apiKeySet: true });
    const cleared = await s.client.backends.update.mutate({ id: b.id, patch: { name: "edited", dialect: "sglang-jax", baseUrl: url, apiKey: "" } });
    expect(cleared.apiKeySet).toBe(false);
  });

  it("drops the stored key when the backend moves to another address, so the key never goes there", async () => {
    const url = await unreachableUrl();
    const b = await s.client.backends.create.mutate({ name: "keyed", dialect: "sglang", baseUrl: url, apiKey: "k-secret" });
    const samePlace = await s.client.backends.update.mutate({ id: b.id, patch: { name: "keyed", dialect: "sglang", baseUrl: `${url}/`, model: "m" } });
    expect(samePlace.apiKeySet).toBe(true);
    const elsewhere = await s.client.backends.update.mutate({ id: b.id, patch: { name: "keyed", dialect: "sglang", baseUrl: "http://127.0.0.1:9" } });
    expect(elsewhere.apiKeySet).toBe(false);
  });

  it("refuses a URL carrying a user name or password", async () => {
    const err = (await s.client.backends.create.mutate({ name: "creds", dialect: "sglang", baseUrl: "http://user:pw@127.0.0.1:1" }).catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(err.data?.fieldErrors?.baseUrl?.[0]).toMatch(/user name or password/);
  });
});

describe("requests from elsewhere", () => {
  it("refuses API calls from another site's page and from a foreign Host name", async () => {
    const list = `${s.base}/api/trpc/backends.list`;
    expect((await fetch(list)).status).toBe(200);
    expect((await fetch(list, { headers: { origin: "https://evil.example" } })).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = http.request(list, { headers: { host: "attacker.example:80" } }, (res) => resolve(res.statusCode ?? 0));
      req.on("error", reject);
      req.end();
    });
    expect(rebound).toBe(403);
    const ws = new WebSocket(`${s.base.replace("http", "ws")}/api/trpc-ws`, { headers: { origin: "https://evil.example" } });
    const outcome = await new Promise<string>((resolve) => {
      ws.on("open", () => resolve("open"));
      ws.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
      ws.on("error", () => resolve("error"));
    });
    ws.terminate();
    expect(outcome).toBe("403");
  });
});
