import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { ProfileRecord } from "../../lib/schemas/benchmarkRun";
import { authHeaders, endpointUrl } from "../adapters/http";

/**
 * Brackets a level with the backend's profiler: POST /start_profile (with num_steps when given, so the
 * server stops by itself) before, POST /stop_profile after. The server writes its trace into
 * `output_dir`; when the backend runs on this host (loopback URL) that folder is read here, the new
 * trace files are found, and a copy is attached to the run so its spans can be laid on the timeline.
 */

/** Largest trace copied into the run's folder. */
const ATTACH_MAX_BYTES = 256 * 1024 * 1024;
/** How long to wait for the server to finish writing its trace after the stop. */
const SETTLE_MS = 5000;

export interface ProfileStart {
  name: string;
  backend: BackendConfig;
  level: number;
  trial: number;
  numSteps?: number;
  outputDir?: string;
  /** performance.now() at run start. */
  runT0: number;
}

function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.");
}

function listFiles(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string, depth: number) => {
    if (depth > 6) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile()) {
        try {
          out.set(p, fs.statSync(p).size);
        } catch {
          // vanished between readdir and stat
        }
      }
    }
  };
  walk(dir, 0);
  return out;
}

async function post(backend: BackendConfig, pathName: string, body: unknown): Promise<{ ok: boolean; text: string }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...authHeaders(backend) };
  try {
    const res = await fetch(endpointUrl(backend, pathName), { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    const text = (await res.text()).trim().slice(0, 500);
    return { ok: res.ok, text: res.ok ? text : `answered ${res.status}: ${text}` };
  } catch (err) {
    return { ok: false, text: err instanceof Error ? err.message : String(err) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ProfileSession {
  private constructor(
    private readonly start: ProfileStart,
    private readonly record: ProfileRecord,
    private readonly readable: boolean,
    private readonly before: Map<string, number>,
    private readonly started: boolean,
  ) {}

  static async begin(start: ProfileStart): Promise<ProfileSession> {
    const local = isLoopback(start.backend.baseUrl);
    const outputDir = start.outputDir ?? (local ? fs.mkdtempSync(path.join(os.tmpdir(), "studio-profile-")) : null);
    const readable = local && outputDir !== null && fs.existsSync(outputDir);
    const before = readable ? listFiles(outputDir as string) : new Map<string, number>();
    const startedAtMs = performance.now() - start.runT0;
    const startedAtEpochMs = Date.now();
    const body = { ...(outputDir ? { output_dir: outputDir } : {}), ...(start.numSteps ? { num_steps: start.numSteps } : {}) };
    const r = await post(start.backend, "/start_profile", body);
    const record: ProfileRecord = {
      backend: start.name,
      level: start.level,
      trial: start.trial,
      startedAtMs,
      startedAtEpochMs,
      stoppedAtMs: null,
      outputDir,
      files: [],
      note: r.ok ? `POST /start_profile: ${r.text || "ok"}` : `POST /start_profile failed: ${r.text}; this level ran without a profile`,
    };
    return new ProfileSession(start, record, readable, before, r.ok);
  }

  /** Stops the profiler (unless num_steps stops it by itself), finds the new trace files and attaches them. */
  async end(attachDir: string | null): Promise<ProfileRecord> {
    const rec = this.record;
    if (!this.started) return rec;
    if (this.start.numSteps === undefined) {
      const r = await post(this.start.backend, "/stop_profile", {});
      rec.note += r.ok ? `; POST /stop_profile: ${r.text || "ok"}` : `; POST /stop_profile failed: ${r.text}`;
    }
    rec.stoppedAtMs = performance.now() - this.start.runT0;
    if (!this.readable || rec.outputDir === null) {
      rec.note += `; the trace is written on the backend's host${rec.outputDir ? ` under ${rec.outputDir}` : " (its default folder)"}, not readable from here`;
      return rec;
    }
    const found = await this.newFiles(rec.outputDir);
    if (found.size === 0) {
      rec.note += `; no trace file appeared in ${rec.outputDir} within ${SETTLE_MS / 1000} s`;
      return rec;
    }
    for (const [file, bytes] of found) rec.files.push({ path: file, bytes, attachedPath: attachDir ? this.attach(file, bytes, attachDir) : null });
    return rec;
  }

  /** New files, once their sizes stop changing (the server writes the trace after the stop returns). */
  private async newFiles(dir: string): Promise<Map<string, number>> {
    const deadline = performance.now() + SETTLE_MS;
    let last = new Map<string, number>();
    while (performance.now() < deadline) {
      const now = new Map([...listFiles(dir)].filter(([p, size]) => this.before.get(p) !== size));
      const stable = now.size > 0 && now.size === last.size && [...now].every(([p, s]) => last.get(p) === s);
      if (stable) return now;
      last = now;
      await sleep(150);
    }
    return last;
  }

  private attach(file: string, bytes: number, attachDir: string): string | null {
    if (bytes > ATTACH_MAX_BYTES) return null;
    fs.mkdirSync(attachDir, { recursive: true });
    const name = `${this.start.name.replace(/[^A-Za-z0-9_.-]+/g, "_")}-level${this.start.level}-trial${this.start.trial}-${path.basename(file)}`;
    const dest = path.join(attachDir, name);
    try {
      fs.copyFileSync(file, dest);
      return dest;
    } catch {
      return null;
    }
  }
}
