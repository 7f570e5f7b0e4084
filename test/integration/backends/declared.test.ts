import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readDeclaredBackends } from "../../../server/backends/declared";
import { loadEnv } from "../../../server/env";
import { withServices } from "../../helpers/services";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function configFile(backends: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-decl-"));
  const file = path.join(dir, "studio.config.json");
  fs.writeFileSync(file, JSON.stringify({ backends }));
  return file;
}

describe("declared backends", () => {
  it("lets STUDIO_BACKENDS win over the config file, and the config win over a UI backend of the same name", async () => {
    const file = configFile([
      { name: "a", dialect: "sglang", baseUrl: "http://127.0.0.1:1001" },
      { name: "b", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:1002", model: "m" },
    ]);
    const envVar = JSON.stringify([{ name: "b", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:2002", model: "m2", apiKey: "secret" }]);
    const t = await withServices();
    cleanups.push(t.close);
    await t.caller.backends.create({ name: "a", dialect: "sglang-jax", baseUrl: "http://127.0.0.1:9999" });
    const declared = readDeclaredBackends(loadEnv({ STUDIO_CONFIG: file, STUDIO_BACKENDS: envVar }));
    await t.services.backends.syncSource("config", declared);
    const list = await t.caller.backends.list();
    expect(list.map((b) => [b.name, b.baseUrl, b.source])).toEqual([
      ["a", "http://127.0.0.1:1001", "config"],
      ["b", "http://127.0.0.1:2002", "config"],
    ]);
    expect(list[1]?.apiKeySet).toBe(true);
    // declared backends are read-only in the UI
    await expect(t.caller.backends.remove({ id: list[0]!.id })).rejects.toThrow(/config file/);
    // dropping one from the config removes it on the next start
    await t.services.backends.syncSource("config", declared.slice(1));
    expect((await t.caller.backends.list()).map((b) => b.name)).toEqual(["b"]);
  });

  it("rejects malformed JSON in STUDIO_BACKENDS with a message naming it", () => {
    expect(() => readDeclaredBackends(loadEnv({ STUDIO_BACKENDS: "[{" }))).toThrow(/STUDIO_BACKENDS is not valid JSON/);
  });
});
