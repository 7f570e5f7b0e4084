import { afterEach, describe, expect, it } from "vitest";
import { TelemetrySampler } from "../../../server/bench/telemetry";
import { startFixtureBackend, type FixtureBackend } from "../../helpers/fixtureBackend";

/** Telemetry against a backend that has no /metrics: sampling stops and says why, with no source claimed. */

let fixture: FixtureBackend | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

describe("telemetry sampler", () => {
  it("a /metrics that answers 404: one sample says so, sampling stops, and the series names no source", async () => {
    fixture = await startFixtureBackend("sglang");
    const config = { id: "f", name: "f", dialect: "sglang" as const, baseUrl: fixture.url, model: null, apiKey: null, source: "user" as const };
    const sampler = new TelemetrySampler("f", config, 20, performance.now());
    sampler.start();
    await new Promise((r) => setTimeout(r, 150));
    await sampler.stop();
    const series = sampler.series();
    expect(series.source).toBeNull();
    expect(series.samples).toHaveLength(1);
    expect(series.samples[0]?.error).toMatch(/^GET \/metrics answered 404; /);
    expect(fixture.requests.filter((r) => r.url === "/metrics")).toHaveLength(1);
  });
});
