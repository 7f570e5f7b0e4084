import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BackendInput } from "../../lib/schemas/backend";
import type { BackendRegistry } from "./registry";

export interface RunningEngines {
  backends: BackendInput[];
  close(): Promise<void>;
}

/** Names under which the embedded engines are registered; the UI labels source "reference" plainly. */
export const REFERENCE_BACKENDS = [
  { name: "reference · sglang · float32", dialect: "sglang", dtype: "float32" },
  { name: "reference · sglang-jax · bfloat16", dialect: "sglang-jax", dtype: "bfloat16" },
] as const;

/** Where the studio's sources are: the engines run its own CLI (`studio engine`) through tsx. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../cli/studio.ts", import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

interface EngineProcess {
  url: string;
  close(): Promise<void>;
}

/**
 * One reference engine in its own process. In the studio's process, a prefill chunk held the event loop
 * for tens of milliseconds under load, and the benchmark runner's timestamps and the UI waited with it.
 * The engine exits when the studio goes away (its IPC channel closes), even on a crash.
 */
function spawnEngine(r: (typeof REFERENCE_BACKENDS)[number], stepDelayMs: number): Promise<EngineProcess> {
  const args = [CLI, "engine", "--dialect", r.dialect, "--dtype", r.dtype, "--port", "0", "--host", "127.0.0.1", "--step-delay-ms", String(stepDelayMs)];
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const stdout = child.stdout as NodeJS.ReadableStream & { removeAllListeners(e: string): unknown };
  const stderr = child.stderr as NodeJS.ReadableStream;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let closing = false;
  const close = async () => {
    closing = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      void close();
      reject(new Error(`the reference engine (${r.dialect}, ${r.dtype}) ${why}${err.trim() ? `: ${err.trim().split("\n").slice(-3).join(" | ")}` : ""}`));
    };
    stderr.on("data", (d: Buffer) => {
      err += d.toString("utf8");
      if (err.length > 8192) err = err.slice(-8192);
    });
    child.once("error", (e) => fail(`could not be started (${e.message})`));
    const early = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited before it was ready (${signal ?? `code ${code}`})`);
    child.once("exit", early);
    stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off("exit", early);
      stdout.removeAllListeners("data");
      stdout.resume(); // keep draining: a full pipe would block the engine
      stderr.removeAllListeners("data");
      stderr.on("data", (d2: Buffer) => process.stderr.write(`[engine ${r.dialect}] ${d2.toString("utf8")}`));
      child.once("exit", (code, signal) => {
        if (!closing) process.stderr.write(`studio: the reference engine (${r.dialect}) exited (${signal ?? `code ${code}`}); its backend shows as down\n`);
      });
      resolve({ url: m[1] as string, close });
    });
  });
}

/**
 * Starts the two reference engines on free loopback ports (the sglang dialect in float32, sglang-jax in
 * bfloat16), each in its own process, and registers them, replacing the rows of an earlier start (their
 * ports change every time).
 */
export async function startReferenceEngines(registry: BackendRegistry, stepDelayMs = 0): Promise<RunningEngines> {
  const settled = await Promise.allSettled(REFERENCE_BACKENDS.map((r) => spawnEngine(r, stepDelayMs)));
  const started = settled.flatMap((x) => (x.status === "fulfilled" ? [x.value] : []));
  const failed = settled.find((x): x is PromiseRejectedResult => x.status === "rejected");
  if (failed) {
    await Promise.all(started.map((e) => e.close()));
    throw failed.reason;
  }
  const backends: BackendInput[] = REFERENCE_BACKENDS.map((r, i) => ({
    name: r.name,
    dialect: r.dialect,
    baseUrl: started[i]!.url,
    apiKey: null,
    model: null,
  }));
  await registry.syncSource("reference", backends);
  return {
    backends,
    close: async () => {
      await Promise.all(started.map((e) => e.close()));
    },
  };
}
