import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { fmtBytes } from "../../lib/report/format";
import type { ProfileRecord, ProfileSpan } from "../../lib/schemas/benchmarkRun";

/**
 * Chrome-trace reading for profiles (server/bench/profile): the spans of a trace file, streamed so that a
 * trace of hundreds of MB is never held whole, then laid on the run's clock.
 */

/** Most bytes (after gunzip) read from one trace; also the largest trace copied into the run's folder. */
export const ATTACH_MAX_BYTES = 256 * 1024 * 1024;
/** Spans kept per profile (the longest); the rest are counted as dropped. */
export const PROFILE_SPAN_CAP = 5000;
/** An event longer than this (JSON text) is skipped, not buffered. */
const EVENT_MAX_CHARS = 1024 * 1024;
/** Processes/threads whose names and open B/E spans are tracked; spans of others are still kept. */
const MAX_THREADS = 10_000;

export function isChromeTraceName(file: string): boolean {
  return /\.json(\.gz)?$/i.test(file);
}


/** A span on the trace's own clock (µs). */
export interface RawSpan {
  name: string;
  ts: number;
  dur: number;
  pid: string;
  tid: string;
}

export interface RawSpans {
  /** The longest spans, at most `cap`. */
  spans: RawSpan[];
  /** Spans found in all. */
  found: number;
  /** Track label per `${pid}\u0000${tid}` from the trace's process_name / thread_name metadata. */
  tracks: Map<string, string>;
  /** The trace's `baseTimeNanoseconds` (newer torch traces count ts from it), if any. */
  baseTimeNs: number | null;
  /** What reading gave, in words. */
  note: string;
  /** false when the file was not a Chrome trace or nothing could be read from it. */
  ok: boolean;
}

/**
 * Streams a Chrome-trace JSON (`{traceEvents: [...]}` or a bare array; gzip or plain) and keeps its spans:
 * complete events ("X") and B/E pairs per thread. The file is never parsed whole: each event object is
 * cut out of the stream and parsed on its own, so a trace of hundreds of MB costs the memory of its
 * longest `cap` spans. Reads at most `maxBytes` (after gunzip); a malformed file gives a note, never a throw.
 */
export async function readTraceSpans(file: string, opts: { maxBytes?: number; cap?: number } = {}): Promise<RawSpans> {
  const maxBytes = opts.maxBytes ?? ATTACH_MAX_BYTES;
  const scanner = new TraceScanner(opts.cap ?? PROFILE_SPAN_CAP);
  const notes: string[] = [];
  let gz = false;
  try {
    const fd = fs.openSync(file, "r");
    try {
      const head = Buffer.alloc(2);
      gz = fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return scanner.result(`could not open: ${err instanceof Error ? err.message : String(err)}`);
  }
  const raw = fs.createReadStream(file, { end: maxBytes - 1, highWaterMark: 256 * 1024 });
  const source: NodeJS.ReadableStream = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on("error", (err) => (source as NodeJS.ReadWriteStream).emit("error", err));
  const decoder = new StringDecoder("utf8");
  let read = 0;
  let cut = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const room = maxBytes - read;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      read += piece.length;
      scanner.push(decoder.write(piece));
      if (scanner.failed !== null) break;
      if (read >= maxBytes) {
        cut = true;
        break;
      }
      // yield between chunks: a long trace never holds the event loop (another backend may still be measuring)
      await new Promise<void>((r) => setImmediate(r));
    }
    if (!cut && scanner.failed === null) scanner.push(decoder.end());
  } catch (err) {
    notes.push(`${gz ? "gunzip" : "read"} failed after ${fmtBytes(read)}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    raw.destroy();
    if (gz) (source as unknown as { destroy(): void }).destroy();
  }
  if (cut) notes.push(`read only the first ${fmtBytes(maxBytes)}${gz ? " (after gunzip)" : ""}: later spans are not shown`);
  return scanner.result(notes.join("; "), { complete: !cut && notes.length === 0 });
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJ = 123;
const CLOSE_OBJ = 125;
const OPEN_ARR = 91;
const CLOSE_ARR = 93;

/** The streaming cutter: finds event objects in `traceEvents` (or a bare array) by depth, outside strings. */
class TraceScanner {
  failed: string | null = null;
  private root: "object" | "array" | null = null;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Depth inside the events array (events open at this depth), or -1 while not in it. */
  private eventsDepth = -1;
  private sawEvents = false;
  /** The last short string at depth 1 (keys of the root object). */
  private key = "";
  private keyBuf: string | null = null;
  /** Capturing a number value of the root object (baseTimeNanoseconds). */
  private scalar: string | null = null;
  private capture: string[] | null = null;
  private captureLen = 0;
  private skippingEvent = false;
  private badEvents = 0;
  private bigEvents = 0;
  private readonly open = new Map<string, { name: string; ts: number }[]>();
  private kept: RawSpan[] = [];
  private found = 0;
  private readonly tracks = new Map<string, string>();
  private readonly procNames = new Map<string, string>();
  private readonly threadNames = new Map<string, string>();
  baseTimeNs: number | null = null;

  constructor(private readonly cap: number) {}

  push(text: string): void {
    if (this.failed !== null || text.length === 0) return;
    let captureFrom = this.capture !== null ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyBuf !== null) {
            this.key = this.keyBuf;
            this.keyBuf = null;
          }
        } else if (this.keyBuf !== null && this.keyBuf.length < 64) this.keyBuf += text[i];
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.root === null) {
        if (c === 0xfeff) continue; // BOM
        if (c === OPEN_OBJ) this.root = "object";
        else if (c === OPEN_ARR) {
          this.root = "array";
          this.eventsDepth = 1;
          this.sawEvents = true;
        } else {
          this.failed = "not a Chrome trace: it is not JSON (neither {traceEvents: [...]} nor an array)";
          return;
        }
        this.depth = 1;
        continue;
      }
      if (this.depth === 0) {
        this.failed = "unexpected text after the end of the JSON";
        return;
      }
      if (this.scalar !== null) {
        if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) {
          this.scalar += text[i];
          if (this.scalar.length > 40) this.scalar = null;
          continue;
        }
        const v = this.scalar === "" ? Number.NaN : Number(this.scalar);
        if (Number.isFinite(v)) this.baseTimeNs = v;
        this.scalar = null; // and read this character as usual
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.root === "object") this.keyBuf = "";
        continue;
      }
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.eventsDepth === -1 && this.root === "object" && this.depth === 1 && c === OPEN_ARR && this.key === "traceEvents") {
          this.eventsDepth = 2;
          this.sawEvents = true;
        } else if (c === OPEN_OBJ && this.depth === this.eventsDepth && this.capture === null) {
          this.capture = [];
          this.captureLen = 0;
          this.skippingEvent = false;
          captureFrom = i;
        }
        this.depth++;
        continue;
      }
      if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        this.depth--;
        if (this.depth < 0) {
          this.failed = "malformed JSON: more closing brackets than opening ones";
          return;
        }
        if (this.capture !== null && this.depth === this.eventsDepth) {
          if (!this.skippingEvent) this.capture.push(text.slice(captureFrom, i + 1));
          const json = this.skippingEvent ? null : this.capture.join("");
          this.capture = null;
          captureFrom = -1;
          if (json === null) this.bigEvents++;
          else this.event(json);
        } else if (c === CLOSE_ARR && this.depth === this.eventsDepth - 1) {
          this.eventsDepth = -1; // the events array ended
        }
        continue;
      }
      if (this.depth === 1 && this.root === "object" && this.key === "baseTimeNanoseconds" && c === 58 /* : */) {
        this.scalar = "";
        continue;
      }
    }
    if (this.capture !== null && captureFrom >= 0 && !this.skippingEvent) {
      const rest = text.slice(captureFrom);
      this.captureLen += rest.length;
      if (this.captureLen > EVENT_MAX_CHARS) {
        this.skippingEvent = true;
        this.capture = [];
      } else this.capture.push(rest);
    }
  }

  private event(json: string): void {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(json) as Record<string, unknown>;
    } catch {
      this.badEvents++;
      return;
    }
    const ph = e.ph;
    // ids cut short and the per-thread maps capped: a hostile or odd trace cannot grow them without bound
    const pid = String(e.pid ?? "").slice(0, 64);
    const tid = String(e.tid ?? "").slice(0, 64);
    const name = typeof e.name === "string" ? e.name.slice(0, 200) : "";
    if (ph === "M") {
      const label = (e.args as { name?: unknown } | undefined)?.name;
      if (typeof label !== "string") return;
      if (name === "process_name" && (this.procNames.has(pid) || this.procNames.size < MAX_THREADS)) this.procNames.set(pid, label.slice(0, 120));
      else if (name === "thread_name" && this.threadNames.size < MAX_THREADS) this.threadNames.set(`${pid}\u0000${tid}`, label.slice(0, 120));
      return;
    }
    const ts = typeof e.ts === "number" ? e.ts : typeof e.ts === "string" ? Number(e.ts) : Number.NaN;
    if (!Number.isFinite(ts)) return;
    if (ph === "X") {
      const dur = typeof e.dur === "number" ? e.dur : typeof e.dur === "string" ? Number(e.dur) : 0;
      this.keep({ name, ts, dur: Number.isFinite(dur) && dur > 0 ? dur : 0, pid, tid });
    } else if (ph === "B") {
      const k = `${pid}\u0000${tid}`;
      const stack = this.open.get(k) ?? [];
      if (stack.length < 1000) stack.push({ name, ts });
      if (this.open.has(k) || this.open.size < MAX_THREADS) this.open.set(k, stack);
    } else if (ph === "E") {
      const b = this.open.get(`${pid}\u0000${tid}`)?.pop();
      if (b && ts >= b.ts) this.keep({ name: b.name || name, ts: b.ts, dur: ts - b.ts, pid, tid });
    }
  }

  private keep(s: RawSpan): void {
    this.found++;
    this.kept.push(s);
    if (this.kept.length >= 2 * this.cap) this.trim();
  }

  private trim(): void {
    if (this.kept.length <= this.cap) return;
    this.kept.sort((a, b) => b.dur - a.dur || a.ts - b.ts);
    this.kept.length = this.cap;
  }

  result(extra: string, opts: { complete?: boolean } = {}): RawSpans {
    this.trim();
    this.kept.sort((a, b) => a.ts - b.ts);
    for (const s of this.kept) {
      const k = `${s.pid}\u0000${s.tid}`;
      if (!this.tracks.has(k)) this.tracks.set(k, `${this.procNames.get(s.pid) ?? `pid ${s.pid}`} · ${this.threadNames.get(k) ?? `tid ${s.tid}`}`);
    }
    const notes: string[] = [];
    const problem = this.failed ?? (this.root === null ? (extra ? null : "empty file") : !this.sawEvents ? "not a Chrome trace: no traceEvents array" : null);
    if (problem) notes.push(problem);
    if (extra) notes.push(extra);
    else if (opts.complete !== false && problem === null && this.depth !== 0) notes.push("the JSON ends early (cut, or still being written): the spans before the cut are kept");
    if (this.badEvents > 0) notes.push(`${this.badEvents} malformed events skipped`);
    if (this.bigEvents > 0) notes.push(`${this.bigEvents} events over ${fmtBytes(EVENT_MAX_CHARS)} skipped`);
    const unmatched = [...this.open.values()].reduce((n, s) => n + s.length, 0);
    if (unmatched > 0) notes.push(`${unmatched} B events without their E`);
    const kept = this.kept.length;
    const head = problem && this.found === 0 ? "" : `${this.found.toLocaleString("en-US")} span${this.found === 1 ? "" : "s"}${this.found > kept ? `, the ${kept.toLocaleString("en-US")} longest kept` : ""}`;
    return {
      spans: this.kept,
      found: this.found,
      tracks: this.tracks,
      baseTimeNs: this.baseTimeNs,
      note: [head, ...notes].filter(Boolean).join("; "),
      ok: this.found > 0 || (problem === null && this.sawEvents),
    };
  }
}

/**
 * The trace's spans on the run's clock. The run's wall-clock start is the profile's start less its
 * offset into the run (the profile's two clocks were read together). A trace whose µs timestamps are
 * epoch time (the reference engine; torch with `baseTimeNanoseconds` added) lands where it ran; one on
 * some other clock is laid from the /start_profile time, and the note says so.
 */
export function laySpans(reads: ReadonlyArray<{ file: string; spans: RawSpans }>, rec: Pick<ProfileRecord, "startedAtMs" | "startedAtEpochMs" | "stoppedAtMs">, cap: number): { spans: ProfileSpan[]; dropped: number; clockNote: string | null } {
  const runEpochMs = rec.startedAtEpochMs - rec.startedAtMs;
  const windowStart = rec.startedAtEpochMs - 10 * 60_000;
  const windowEnd = rec.startedAtEpochMs + Math.max(0, (rec.stoppedAtMs ?? rec.startedAtMs) - rec.startedAtMs) + 10 * 60_000;
  const plausible = (ms: number) => ms >= windowStart && ms <= windowEnd;
  const several = reads.filter((r) => r.spans.spans.length > 0).length > 1;
  const out: ProfileSpan[] = [];
  let found = 0;
  const guessed: string[] = [];
  for (const { file, spans } of reads) {
    found += spans.found;
    const first = spans.spans[0];
    if (!first) continue;
    const base = spans.baseTimeNs !== null ? spans.baseTimeNs / 1e6 : null;
    let toEpochMs: (ts: number) => number;
    if (plausible(first.ts / 1000)) toEpochMs = (ts) => ts / 1000;
    else if (base !== null && plausible(base + first.ts / 1000)) toEpochMs = (ts) => base + ts / 1000;
    else {
      const t0 = first.ts;
      toEpochMs = (ts) => rec.startedAtEpochMs + (ts - t0) / 1000;
      guessed.push(path.basename(file));
    }
    const prefix = several ? `${path.basename(file)}: ` : "";
    for (const s of spans.spans) {
      out.push({
        name: s.name,
        startMs: round3(toEpochMs(s.ts) - runEpochMs),
        durMs: round3(s.dur / 1000),
        track: prefix + (spans.tracks.get(`${s.pid}\u0000${s.tid}`) ?? `pid ${s.pid} · tid ${s.tid}`),
      });
    }
  }
  let kept = out;
  if (kept.length > cap) kept = [...kept].sort((a, b) => b.durMs - a.durMs).slice(0, cap);
  kept.sort((a, b) => a.startMs - b.startMs);
  return {
    spans: kept,
    dropped: found - kept.length,
    clockNote: guessed.length > 0 ? `${guessed.join(", ")}: timestamps are not on the wall clock, so the spans are laid from the /start_profile time` : null,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
