import { describe, expect, it } from "vitest";
import { BackendIdentity } from "../../../lib/schemas/backend";
import { Exchange } from "../../../lib/schemas/exchange";
import { adapters } from "../../../server/adapters/registry";
import { refusedUrl, type FakeDialect } from "../../fixtures/cells/fakeSglang";
import { backendAt as backend, useFakes } from "../../fixtures/cells/harness";

const fake = useFakes();

const dialects: FakeDialect[] = ["sglang", "sglang-jax"];

describe.each(dialects)("health and identity (%s)", (dialect) => {
  const adapter = adapters[dialect];

  it("is healthy and reads identity from the dialect's endpoints", async () => {
    const s = await fake({ dialect, modelPath: "studio/reference-tiny" });
    const h = await adapter.health(backend(s.url, dialect), { timeoutMs: 2000 });
    expect(h.ok).toBe(true);
    if (h.ok) {
      expect(h.latencyMs).toBeGreaterThanOrEqual(0);
      expect(() => Exchange.parse(h.exchanges[0])).not.toThrow();
    }
    const id = await adapter.identity(backend(s.url, dialect), { timeoutMs: 2000 });
    expect(() => BackendIdentity.parse(id)).not.toThrow();
    expect(id.errors).toEqual([]);
    expect(id.modelPath).toBe("studio/reference-tiny");
    expect(id.servedModel).toBe("studio/reference-tiny");
    expect(id.isReferenceEngine).toBe(true);
    expect(id.dtype).toBe(dialect === "sglang" ? "float32" : "bfloat16");
    expect(id.maxModelLen).toBe(4096);
    expect(id.version).toMatch(/fake/);
    expect(id.flags).toMatchObject({ tp_size: 1, random_seed: 42, disable_radix_cache: false, quantization: null });
    const paths = s.requests.map((r) => r.path).sort();
    if (dialect === "sglang") expect(paths).toEqual(["/health", "/model_info", "/server_info", "/v1/models"]);
    else expect(paths).toEqual(["/get_model_info", "/get_server_info", "/health", "/v1/models"]);
    expect(Object.keys(id.raw).sort()).toEqual(
      dialect === "sglang"
        ? ["GET /model_info", "GET /server_info", "GET /v1/models"]
        : ["GET /get_model_info", "GET /get_server_info", "GET /v1/models"],
    );
  });

  it("says a refused connection in words", async () => {
    const url = await refusedUrl();
    const h = await adapter.health(backend(url, dialect), { timeoutMs: 2000 });
    expect(h.ok).toBe(false);
    if (!h.ok) {
      expect(h.error.kind).toBe("unreachable");
      expect(h.error.message).toContain("connection refused");
      expect(h.exchanges?.[0]?.response).toBeNull();
    }
    const id = await adapter.identity(backend(url, dialect), { timeoutMs: 2000 });
    expect(id.errors.length).toBe(3);
    expect(id.errors[0]).toContain("is the server running");
    expect(id.modelPath).toBeNull();
  });

  it("reports a wrong API key as unauthorized, and never records the key", async () => {
    const s = await fake({ dialect, apiKey: "right" });
    const b = backend(s.url, dialect, { apiKey: "wrong-secret" });
    const h = await adapter.health(b, { timeoutMs: 2000 });
    expect(h.ok).toBe(true); // /health is exempt from the key on both servers
    const id = await adapter.identity(b, { timeoutMs: 2000 });
    expect(id.errors).toHaveLength(3);
    expect(id.errors[0]).toMatch(/401.*refused the API key/);
    expect(id.errors[0]).toContain("server said: Unauthorized");
    expect(JSON.stringify(id)).not.toContain("wrong-secret");
    expect(s.requests.find((r) => r.path === "/v1/models")?.headers.authorization).toBe("Bearer wrong-secret");
    const noKey = await adapter.identity(backend(s.url, dialect), { timeoutMs: 2000 });
    expect(noKey.errors[0]).toContain("needs an API key");
    const ok = await adapter.identity(backend(s.url, dialect, { apiKey: "right" }), { timeoutMs: 2000 });
    expect(ok.errors).toEqual([]);
  });

  it("maps a 500, a non-JSON body and an HTML page into messages", async () => {
    const s = await fake({
      dialect,
      fault: (path) =>
        path === "/health"
          ? { kind: "status", status: 503, body: "" }
          : path.includes("server_info")
            ? { kind: "status", status: 500, body: JSON.stringify({ object: "error", message: "Internal server error: boom", type: "InternalServerError", param: null, code: 500 }) }
            : path.includes("model_info")
              ? { kind: "status", status: 200, body: "this is not json", contentType: "text/plain" }
              : { kind: "status", status: 502, body: "<html><head><title>502 Bad Gateway</title></head></html>", contentType: "text/html" },
    });
    const h = await adapter.health(backend(s.url, dialect), { timeoutMs: 2000 });
    expect(h.ok).toBe(false);
    if (!h.ok) {
      expect(h.error.kind).toBe("http");
      expect(h.error.status).toBe(503);
      expect(h.error.message).toBe("GET /health answered 503 Service Unavailable");
    }
    const id = await adapter.identity(backend(s.url, dialect), { timeoutMs: 2000 });
    const text = id.errors.join("\n");
    expect(text).toMatch(/server_info answered 500 Internal Server Error: Internal server error: boom/);
    expect(text).toMatch(/model_info: answered 200 but the body is not valid JSON .*"this is not json"/);
    expect(text).toMatch(/\/v1\/models answered 502 Bad Gateway: an HTML page \("502 Bad Gateway"\)/);
  });

  it("times out on a hung server and says how long it waited", async () => {
    const s = await fake({ dialect, fault: () => ({ kind: "hang" }) });
    const t0 = performance.now();
    const h = await adapter.health(backend(s.url, dialect), { timeoutMs: 300 });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(h.ok).toBe(false);
    if (!h.ok) {
      expect(h.error.kind).toBe("timeout");
      expect(h.error.message).toContain("within 300 ms");
    }
    const id = await adapter.identity(backend(s.url, dialect), { timeoutMs: 300 });
    expect(id.errors).toHaveLength(3);
    expect(id.errors.every((e) => e.includes("within 300 ms"))).toBe(true);
  });

  it("honours the caller's signal", async () => {
    const s = await fake({ dialect, fault: () => ({ kind: "hang" }) });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const h = await adapter.health(backend(s.url, dialect), { timeoutMs: 5000, signal: ctl.signal });
    expect(h.ok).toBe(false);
    if (!h.ok) {
      expect(h.error.kind).toBe("cancelled");
      expect(h.error.message).toContain("cancelled");
    }
  });
});

describe("identity fallbacks", () => {
  it("sglang falls back to the old get_* names on a 404", async () => {
    const s = await fake({
      dialect: "sglang",
      fault: (path) => (path === "/server_info" || path === "/model_info" ? { kind: "status", status: 404, body: '{"detail":"Not Found"}' } : undefined),
    });
    const id = await adapters.sglang.identity(backend(s.url, "sglang"), { timeoutMs: 2000 });
    expect(id.errors).toEqual([]);
    expect(Object.keys(id.raw)).toContain("GET /get_server_info");
    expect(id.version).toMatch(/fake/);
  });

  it("pointing the jax adapter at nothing-like-jax says which endpoint is missing", async () => {
    const s = await fake({ dialect: "sglang-jax", fault: (path) => (path === "/get_model_info" ? { kind: "status", status: 404, body: '{"detail":"Not Found"}' } : undefined) });
    const id = await adapters["sglang-jax"].identity(backend(s.url, "sglang-jax"), { timeoutMs: 2000 });
    expect(id.errors[0]).toMatch(/GET \/get_model_info answered 404 Not Found: Not Found; is this an sglang-jax server/);
  });
});
