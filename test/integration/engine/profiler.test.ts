import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningEngine } from "../../../server/engine";
import { get, post, useEngines } from "./helpers";

let s: RunningEngine, j: RunningEngine;
useEngines([{ dialect: "sglang" }, { dialect: "sglang-jax" }], (list) => ([s, j] = list));
const dir = mkdtempSync(join(tmpdir(), "engine-profile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Trace = { traceEvents: { name: string; ph: string; ts?: number; dur?: number; args: Record<string, unknown> }[] };

function findFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe("profiler", () => {
  it("sglang writes {output_dir}/{profile_id}-TP-0.trace.json.gz with prefill and decode steps", async () => {
    const out = join(dir, "sglang");
    const start = await post(s.url, "/start_profile", { output_dir: out });
    expect(start.body).toBe("Start profiling.\n");
    expect((await post(s.url, "/start_profile", { output_dir: out })).status).toBe(500);
    await post(s.url, "/generate", { text: "The Lion", sampling_params: { max_new_tokens: 4 } });
    const stop = await post(s.url, "/stop_profile", {});
    expect(stop.body).toBe("Stop profiling. This will take some time.\n");
    const files = findFiles(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\/\d+(\.\d+)?-TP-0\.trace\.json\.gz$/);
    const trace = JSON.parse(gunzipSync(readFileSync(files[0]!)).toString("utf8")) as Trace;
    const steps = trace.traceEvents.filter((e) => e.ph === "X");
    expect(steps.map((e) => e.name)).toEqual(["prefill", "decode", "decode", "decode"]);
    for (const e of steps) {
      expect(e.dur).toBeGreaterThan(0);
      expect(e.ts).toBeGreaterThan(1e15); // microseconds since the epoch
      expect(e.args.batch_size).toBe(1);
    }
    expect((await post(s.url, "/stop_profile", {})).status).toBe(500);
  });

  it("sglang-jax: num_steps stops by itself; /profile_status follows; plain JSON under output_dir", async () => {
    const out = join(dir, "jax");
    expect((await post(j.url, "/start_profile", { output_dir: out, num_steps: 3 })).status).toBe(200);
    expect((await get(j.url, "/profile_status")).body).toEqual({ status: "in_progress" });
    await post(j.url, "/generate", { text: "The Lion", sampling_params: { max_new_tokens: 6 } });
    const deadline = Date.now() + 3000;
    // "idle" only once the trace is on disk
    while ((await get(j.url, "/profile_status")).body.status !== "idle" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const files = findFiles(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/plugins\/profile\/\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\/reference-engine\.trace\.json$/);
    const trace = JSON.parse(readFileSync(files[0]!, "utf8")) as Trace;
    expect(trace.traceEvents.filter((e) => e.ph === "X")).toHaveLength(3);
  });
});
