import type { Arrival } from "../../lib/schemas/benchmark";
import { arrivalSchedule, gapSource } from "./arrivals";
import type { PreparedRequest, Sample, TimedSender } from "./sender";

/**
 * Sends one level's load to one backend and collects every request's sample. Closed loop: a fixed
 * number of requests kept in flight, each worker sending its next request when the previous one ends.
 * Open loop: sends at planned arrival times whatever the server's pace (optionally capped: an arrival
 * waits for a free slot, and its send lag says so). Requests cycle through the level's snapshots.
 */

export type LoadMode =
  | { kind: "closed"; concurrency: number }
  | { kind: "open"; rate: number; arrival: Arrival; burstiness: number; seed: number; maxConcurrency?: number };

export interface LevelPlan {
  mode: LoadMode;
  /** One prepared request per snapshot; request i sends requests[i % length]. */
  requests: PreparedRequest[];
  /** Stop after this many requests… */
  count?: number;
  /** …or after this long (requests in flight then finish). */
  durationMs?: number;
  /** A timed level sends no more than this many (the storage budget, BENCH_LIMITS). */
  maxRequests?: number;
  /** Asked before each send with the requests in flight: false ends the level (the storage budget). */
  mayStart?: (inFlight: number) => boolean;
  timeoutMs: number;
  signal: AbortSignal;
  /** Keep the parsed answer of the first successful request of each snapshot (the parity samples). */
  captureFinal: boolean;
  /** Keep every request's parsed final answer on its sample (bench/runner reads server timestamps from it). */
  keepAllFinals?: boolean;
  /** Called after each request; may abort `signal`'s controller to stop the level. */
  onSample?: (s: RecordedSample) => void;
}

/** A sample placed in its level: when it was sent, which snapshot, how late against its plan. */
export interface RecordedSample extends Sample {
  startOffsetMs: number;
  snapshot: number;
  sendLagMs: number;
}

export interface LevelOutcome {
  samples: RecordedSample[];
  /** Per snapshot, the parsed answer kept for parity: null where it was sent but never answered, undefined where it was never sent. */
  finals: unknown[];
  /** performance.now() when the level started. */
  t0: number;
}

/**
 * Resolves at performance.now() ≥ `at` (or on abort): never early, a little late — Node timers tick in
 * whole milliseconds, so a send may go up to ~1 ms after its plan; each send's lag is recorded. Spinning
 * would be exact but would take the CPU the load generator needs to read answers on time.
 */
function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const step = (): void => {
      const left = at - performance.now();
      if (left <= 0 || signal.aborted) resolve();
      else setTimeout(step, left);
    };
    step();
  });
}

/** A counting semaphore whose waiters are served first come, first served. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
  /** Wakes every waiter (on stop), so nobody waits forever. */
  drain(): void {
    for (const w of this.waiting.splice(0)) w();
  }
}

export async function runLevel(plan: LevelPlan, sender: TimedSender): Promise<LevelOutcome> {
  const samples: RecordedSample[] = [];
  const t0 = performance.now();
  const n = plan.requests.length;
  const finals: unknown[] = new Array(n).fill(undefined);
  const flight: Flight = { n: 0 };

  const sendOne = async (index: number, plannedMs: number): Promise<void> => {
    if (plan.signal.aborted) return;
    flight.n++;
    try {
      await sendAndRecord(index, plannedMs);
    } finally {
      flight.n--;
    }
  };
  const sendAndRecord = async (index: number, plannedMs: number): Promise<void> => {
    const snapshot = index % n;
    const wanted = plan.captureFinal && (finals[snapshot] === undefined || finals[snapshot] === null);
    if (wanted) finals[snapshot] = null; // sent: judged even if none of its requests succeeds
    const keep = plan.keepAllFinals === true || wanted;
    const req = plan.requests[snapshot] as PreparedRequest;
    const s = await sender.send(req, { timeoutMs: plan.timeoutMs, keepFinal: keep, keepEvents: wanted });
    if (s === null) return; // cancelled in flight: not a result
    if (wanted && s.ok && finals[snapshot] === null) finals[snapshot] = s.finalJson;
    if (!plan.keepAllFinals) s.finalJson = undefined;
    // Placed in the level in place (no copy: this runs for every request).
    const recorded = s as RecordedSample;
    recorded.startOffsetMs = s.sentAt - t0;
    recorded.snapshot = snapshot;
    recorded.sendLagMs = Math.max(0, recorded.startOffsetMs - plannedMs);
    samples.push(recorded);
    plan.onSample?.(recorded);
  };

  // One listener for the whole level (not one per request): a stop drops every request in flight.
  const abort = () => sender.abortAll();
  plan.signal.addEventListener("abort", abort, { once: true });
  try {
    if (plan.mode.kind === "closed") await closedLoop(plan, plan.mode.concurrency, t0, flight, sendOne);
    else await openLoop(plan, plan.mode, t0, flight, sendOne);
  } finally {
    plan.signal.removeEventListener("abort", abort);
  }
  return { samples, finals, t0 };
}

/** Requests of the level in flight now. */
type Flight = { n: number };

async function closedLoop(plan: LevelPlan, concurrency: number, t0: number, flight: Flight, sendOne: (i: number, planned: number) => Promise<void>): Promise<void> {
  let next = 0;
  const endAt = plan.durationMs !== undefined ? t0 + plan.durationMs : Number.POSITIVE_INFINITY;
  const claim = (): number | null => {
    if (plan.signal.aborted) return null;
    if (plan.count !== undefined && next >= plan.count) return null;
    if (plan.maxRequests !== undefined && next >= plan.maxRequests) return null;
    if (plan.mayStart && !plan.mayStart(flight.n)) return null;
    if (performance.now() >= endAt) return null;
    return next++;
  };
  const worker = async (): Promise<void> => {
    for (let i = claim(); i !== null; i = claim()) await sendOne(i, performance.now() - t0);
  };
  const workers = plan.count !== undefined ? Math.min(concurrency, plan.count) : concurrency;
  await Promise.all(Array.from({ length: workers }, worker));
}

async function openLoop(
  plan: LevelPlan,
  mode: Extract<LoadMode, { kind: "open" }>,
  t0: number,
  flight: Flight,
  sendOne: (i: number, planned: number) => Promise<void>,
): Promise<void> {
  const arrivals = { rate: mode.rate, arrival: mode.arrival, burstiness: mode.burstiness, seed: mode.seed };
  // A fixed count gets the whole schedule up front (rescaled to the exact rate); a timed level draws gaps until it ends.
  const planned = plan.count !== undefined ? arrivalSchedule(plan.count, arrivals) : null;
  const nextGap = planned ? null : gapSource(arrivals);
  const slots = mode.maxConcurrency !== undefined ? new Slots(mode.maxConcurrency) : null;
  plan.signal.addEventListener("abort", () => slots?.drain(), { once: true });
  const inFlight = new Set<Promise<void>>();
  let at = 0;
  for (let i = 0; !plan.signal.aborted; i++) {
    if (planned) {
      if (i >= planned.length) break;
      at = planned[i] as number;
    } else if (i > 0) {
      at += (nextGap as () => number)();
    }
    if (plan.durationMs !== undefined && at >= plan.durationMs) break;
    if (plan.maxRequests !== undefined && i >= plan.maxRequests) break;
    await sleepUntil(t0 + at, plan.signal);
    if (slots) await slots.acquire();
    if (plan.signal.aborted || (plan.mayStart && !plan.mayStart(flight.n))) {
      slots?.release();
      break;
    }
    const p = sendOne(i, at).finally(() => {
      slots?.release();
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
}

/** Attempts per snapshot at a parity probe: a single failed answer must not leave the level unjudged. */
const PROBE_ATTEMPTS = 2;

/**
 * With logprobs "parity-only", the answers parity judges: after the level, one request per snapshot with
 * the cell's logprobs (`forParity`), not timed and not counted, so every timed request is what
 * bench_serving sends. Same shape as runLevel's finals: null = sent, never answered.
 */
export async function parityProbes(requests: ReadonlyArray<PreparedRequest>, sender: TimedSender, timeoutMs: number, signal: AbortSignal): Promise<unknown[]> {
  const finals: unknown[] = [];
  for (const r of requests) {
    let answer: unknown; // undefined: never sent (cancelled first)
    for (let attempt = 0; attempt < PROBE_ATTEMPTS && (answer === undefined || answer === null) && !signal.aborted; attempt++) {
      const s = await sender.send(r.forParity ?? r, { timeoutMs, keepFinal: true, keepEvents: true });
      answer = s?.ok ? s.finalJson : (answer ?? (s === null ? undefined : null));
    }
    finals.push(answer);
  }
  return finals;
}
