import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm start`'s own entry point, run as a user would; these failures must be one line, not a stack trace.
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "server/start.ts"], {
    env: { ...process.env, STUDIO_REFERENCE_ENGINES: "off", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm start", () => {
  it("says what to do when the port is taken", async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-port-"));
    try {
      const r = start({ PORT: String(port), STUDIO_DATA_DIR: dataDir });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`port ${port} is already in use.*PORT=${port + 1} npm start`));
    } finally {
      blocker.close();
    }
  });

  it("says what to do when the data folder is not writable", () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "studio-ro-"));
    // a path under a regular file can never be created, even as root
    const file = path.join(parent, "file");
    fs.writeFileSync(file, "x");
    const r = start({ PORT: "0", STUDIO_DATA_DIR: path.join(file, "data") });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write to the data folder .*STUDIO_DATA_DIR/);
  });

  it("names the bad field of a config file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-cfg-"));
    const cfg = path.join(dir, "studio.config.json");
    fs.writeFileSync(cfg, JSON.stringify({ backends: [{ name: "x", dialect: "vllm", baseUrl: "http://127.0.0.1:1" }] }));
    const r = start({ PORT: "0", STUDIO_DATA_DIR: path.join(dir, "data"), STUDIO_CONFIG: cfg });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/backends\.0\.dialect/);
  });
});
