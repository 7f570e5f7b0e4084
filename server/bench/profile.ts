import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BackendConfig } from "../../lib/schemas/backend";
import type { ProfileRecord } from "../../lib/schemas/benchmarkRun";
import { authHeaders, endpointUrl } from "../adapters/http";
import { ATTACH_MAX_BYTES, isChromeTraceName, laySpans, PROFILE_SPAN_CAP, readTraceSpans, type RawSpans } from "./profileTrace";

/**
 * Brackets a level with the backend's profiler: POST /start_profile (with num_steps when given, so the
 * server may stop by itself) before; after, POST /stop_profile — or, with num_steps, a check that it did
 * stop (sglang-jax's GET /profile_status; sglang has none, so a stop whose "not in progress" 500 is fine),
 * so a level always leaves the profiler stopped for the next one. The server writes its trace into
 * `output_dir`; when the backend runs on this host that folder is read at the end, the new trace files
 * are found, a copy is attached to the run, and the Chrome-trace spans are laid on the run's clock.
 */

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

function hostOf(baseUrl: string): string {
  return new URL(baseUrl).hostname.replace(/^\[|\]$/g, "");
}

/** Loopback, or one of this machine's own addresses or its host name: the backend's folders are this host's. */
export function isThisHost(baseUrl: string): boolean {
  const host = hostOf(baseUrl).toLowerCase();
  if (host === "localhost" || host === "::1" || host.startsWith("127.") || host === "0.0.0.0") return true;
  if (host === os.hostname().toLowerCase()) return true;
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.address.toLowerCase() === host) return true;
  return false;
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

interface Answer {
  ok: boolean;
  status: number | null;
  text: string;
}

async function call(backend: BackendConfig, method: "GET" | "POST", pathName: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...authHeaders(backend) };
  try {
    const res = await fetch(endpointUrl(backend, pathName), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    const text = (await res.text()).trim().slice(0, 500);
    return { ok: res.ok, status: res.status, text: res.ok ? text : `answered ${res.status}: ${text}` };
  } catch (err) {
    return { ok: false, status: null, text: err instanceof Error ? err.message : String(err) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const DEFAULT_DIR = { sglang: "$SGLANG_TORCH_PROFILER_DIR, or /tmp when unset", "sglang-jax": "$SGLANG_JAX_PROFILER_DIR, or /tmp when unset" } as const;

export class ProfileSession {
  /** Trace files found by end() whose spans readSpans() has yet to read. */
  private readonly unread: ProfileRecord["files"][number][] = [];

  private constructor(
    private readonly start: ProfileStart,
    private readonly record: ProfileRecord,
    private readonly local: boolean,
    private readonly before: Map<string, number>,
    private readonly started: boolean,
  ) {}

  static async begin(start: ProfileStart): Promise<ProfileSession> {
    const local = isThisHost(start.backend.baseUrl);
    // A folder per backend, level and trial under a given output_dir: two backends profiled at once (or
    // one folder reused across runs) would otherwise find each other's traces among their "new" files.
    const outputDir = start.outputDir
      ? path.join(start.outputDir, `${start.name.replace(/[^A-Za-z0-9_.-]+/g, "_")}-level${start.level}-trial${start.trial}`)
      : local
        ? fs.mkdtempSync(path.join(os.tmpdir(), "studio-profile-"))
        : null;
    // Listed now only to tell new files from old ones; whether the folder is readable is decided at the end (the server may create it).
    const before = local && outputDir !== null ? listFiles(outputDir) : new Map<string, number>();
    const host = hostOf(start.backend.baseUrl);
    const where = local
      ? `on this host, under ${outputDir}`
      : outputDir !== null
        ? `on the backend's host (${host}), under ${outputDir} (the output_dir sent); not readable from the studio's host`
        : `on the backend's host (${host}), in its default folder (${DEFAULT_DIR[start.backend.dialect as keyof typeof DEFAULT_DIR] ?? "its profiler's default, often /tmp"}); not readable from the studio's host`;
    const startedAtMs = performance.now() - start.runT0;
    const startedAtEpochMs = Date.now();
    const body = { ...(outputDir ? { output_dir: outputDir } : {}), ...(start.numSteps ? { num_steps: start.numSteps } : {}) };
    const r = await call(start.backend, "POST", "/start_profile", body);
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
      where,
    };
    return new ProfileSession(start, record, local, before, r.ok);
  }

  /**
   * Leaves the profiler stopped (POST /stop_profile, or with num_steps a check that it stopped by itself),
   * finds the new trace files and attaches them; readSpans() reads them.
   */
  async end(attachDir: string | null): Promise<ProfileRecord> {
    const rec = this.record;
    if (!this.started) return rec;
    rec.note += await this.stop();
    rec.stoppedAtMs = performance.now() - this.start.runT0;
    const dir = rec.outputDir;
    if (!this.local || dir === null) {
      rec.note += `; the trace is written ${rec.where}`;
      return rec;
    }
    const found = await this.newFiles(dir);
    if (found.size === 0) {
      const exists = fs.existsSync(dir);
      rec.note += exists
        ? `; no trace file appeared in ${dir} within ${SETTLE_MS / 1000} s`
        : `; ${dir} does not exist on this host within ${SETTLE_MS / 1000} s (a backend in a container writes into its own file system): the trace stays where the backend wrote it`;
      if (!exists) rec.where = `on the backend's file system, under ${dir} (not found on this host)`;
      return rec;
    }
    for (const [file, bytes] of found) {
      const attachedPath = attachDir ? this.attach(file, bytes, attachDir) : null;
      const entry: ProfileRecord["files"][number] = { path: file, bytes, attachedPath };
      rec.files.push(entry);
      if (isChromeTraceName(file)) this.unread.push(entry);
      else entry.note = `not a Chrome trace JSON (${path.basename(file)}): its spans are not read`;
    }
    if (attachDir === null) rec.note += "; not attached (this run keeps no files)";
    return rec;
  }

  /**
   * Reads the spans of the trace files end() found and lays them on the record, on the run's clock.
   * Apart from end() so the runner can do it when no backend is being measured: a large trace costs
   * seconds of CPU. Never throws for a bad trace: the file's note says what was wrong.
   */
  async readSpans(): Promise<ProfileRecord> {
    const rec = this.record;
    const read: { file: string; spans: RawSpans }[] = [];
    for (const entry of this.unread.splice(0)) {
      try {
        const spans = await readTraceSpans(entry.attachedPath ?? entry.path, { maxBytes: ATTACH_MAX_BYTES, cap: PROFILE_SPAN_CAP });
        entry.note = spans.note;
        read.push({ file: entry.path, spans });
      } catch (err) {
        entry.note = `could not read: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    if (read.length > 0) {
      const laid = laySpans(read, rec, PROFILE_SPAN_CAP);
      rec.spans = laid.spans;
      rec.spansDropped = laid.dropped;
      if (laid.clockNote) rec.note += `; ${laid.clockNote}`;
    }
    return rec;
  }

  /** The stop, as words for the note (each starting "; "). */
  private async stop(): Promise<string> {
    const { backend, numSteps } = this.start;
    if (numSteps === undefined) {
      const r = await call(backend, "POST", "/stop_profile", {});
      return r.ok ? `; POST /stop_profile: ${r.text || "ok"}` : `; POST /stop_profile failed: ${r.text}`;
    }
    if (backend.dialect === "sglang-jax") {
      const status = await profileStatus(backend);
      if (status === "idle") return `; stopped by itself after num_steps=${numSteps} (GET /profile_status: idle)`;
      if (status === "in_progress") {
        const r = await call(backend, "POST", "/stop_profile", {});
        const said = r.ok
          ? `; the level ended before num_steps=${numSteps} steps were recorded: POST /stop_profile: ${r.text || "ok"}`
          : notInProgress(r)
            ? `; stopped by itself after num_steps=${numSteps} (it was still writing its trace)`
            : `; POST /stop_profile failed: ${r.text}`;
        const idle = await waitIdle(backend);
        return idle ? said : `${said}; GET /profile_status still says in_progress after ${SETTLE_MS / 1000} s: the next /start_profile may fail`;
      }
      // no usable status: stop as for sglang
    }
    const r = await call(backend, "POST", "/stop_profile", {});
    if (r.ok) return `; the level ended before num_steps=${numSteps} steps were recorded: POST /stop_profile: ${r.text || "ok"}`;
    if (notInProgress(r)) return `; stopped by itself after num_steps=${numSteps} (POST /stop_profile answered it was not in progress, as expected)`;
    return `; POST /stop_profile failed: ${r.text}; the profiler may still be running into the next level`;
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
    const name = `${this.start.name.replace(/[^A-Za-z0-9_.-]+/g, "_")}-level${this.start.level}-trial${this.start.trial}-${path.basename(file)}`;
    const dest = path.join(attachDir, name);
    try {
      fs.mkdirSync(attachDir, { recursive: true });
      fs.copyFileSync(file, dest);
      return dest;
    } catch {
      return null;
    }
  }
}

function notInProgress(r: Answer): boolean {
  return !r.ok && r.status !== null && r.status >= 400 && /not in progress|not (been )?started|no profil/i.test(r.text);
}

async function profileStatus(backend: BackendConfig): Promise<"idle" | "in_progress" | null> {
  const r = await call(backend, "GET", "/profile_status");
  if (!r.ok) return null;
  try {
    const s = (JSON.parse(r.text) as { status?: unknown }).status;
    return s === "idle" || s === "in_progress" ? s : null;
  } catch {
    return null;
  }
}

async function waitIdle(backend: BackendConfig): Promise<boolean> {
  const deadline = performance.now() + SETTLE_MS;
  for (;;) {
    const s = await profileStatus(backend);
    if (s !== "in_progress") return true;
    if (performance.now() > deadline) return false;
    await sleep(100);
  }
}
