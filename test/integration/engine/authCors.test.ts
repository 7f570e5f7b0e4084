import { describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { useEngines, get, post } from "./helpers";

let s: RunningEngine, j: RunningEngine;
useEngines([{ dialect: "sglang", apiKey: "k-1" }, { dialect: "sglang-jax", apiKey: "k-2" }], (list) => ([s, j] = list));

describe("API key", () => {
  it("401 {error: Unauthorized} without the bearer key on both dialects", async () => {
    for (const [e, key] of [[s, "k-1"], [j, "k-2"]] as const) {
      const no = await post(e.url, "/generate", { text: "a" });
      expect(no.status).toBe(401);
      expect(no.body).toEqual({ error: "Unauthorized" });
      const wrong = await post(e.url, "/v1/score", { text: "a" }, { authorization: "Bearer nope" });
      expect(wrong.status).toBe(401);
      const ok = await post(e.url, "/generate", { text: "a", sampling_params: { max_new_tokens: 1 } }, { authorization: `Bearer ${key}` });
      expect(ok.status).toBe(200);
    }
  });

  it("paths starting with /health or /metrics need no key", async () => {
    expect((await get(s.url, "/health")).status).toBe(200);
    expect((await get(s.url, "/health_generate")).status).toBe(200);
    expect((await get(s.url, "/metrics")).status).toBe(200);
    expect((await get(j.url, "/health")).status).toBe(200);
    expect((await get(s.url, "/server_info")).status).toBe(401);
    expect((await get(j.url, "/get_model_info")).status).toBe(401);
  });
});

describe("CORS (allow *)", () => {
  it("answers preflights without a key and echoes the origin", async () => {
    const r = await fetch(s.url + "/v1/score", {
      method: "OPTIONS",
      headers: { origin: "http://studio.local", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe("http://studio.local");
    expect(r.headers.get("access-control-allow-credentials")).toBe("true");
    expect(r.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(r.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("adds Allow-Origin * to simple responses, including errors", async () => {
    const r = await fetch(j.url + "/get_model_info", { headers: { origin: "http://studio.local", authorization: "Bearer k-2" } });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    const denied = await fetch(j.url + "/get_model_info", { headers: { origin: "http://studio.local" } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
  });
});
