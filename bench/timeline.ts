/**
 * Node timers fire on whole-millisecond ticks, up to ~1 ms after their time. So the timer is set for
 * this much before the deadline, and the rest is slept precisely with Atomics.wait (a futex: exact to
 * microseconds, and unlike spinning on setImmediate it burns no CPU the measured client needs). The
 * sleep runs from setImmediate, after the loop has polled I/O, in slices of SLICE_MS with I/O polled
 * between them, so requests arriving meanwhile are read on time too.
 */
const TIMER_MARGIN_MS = 1.5;
/** The longest one precise sleep blocks the loop: incoming I/O is polled between slices. */
const SLICE_MS = 0.2;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * One scheduler for many timed writes (bench/delayServer): a min-heap of deadlines and a single driver
 * for the earliest. It records how late each job actually ran, so a measurement can tell the server's
 * own error from the client's.
 */
export class Timeline {
  private readonly heap: { at: number; fn: () => void }[] = [];
  private armed = false;
  /** Lateness of every job run so far, ms. */
  readonly lateness: number[] = [];

  at(when: number, fn: () => void): void {
    this.push({ at: when, fn });
    this.arm();
  }

  private arm(): void {
    if (this.armed || this.heap.length === 0) return;
    this.armed = true;
    const left = (this.heap[0] as { at: number }).at - performance.now();
    if (left > TIMER_MARGIN_MS) setTimeout(() => this.drive(), left - TIMER_MARGIN_MS);
    else setImmediate(() => this.drive());
  }

  private drive(): void {
    this.armed = false;
    const first = this.heap[0];
    if (first) {
      const left = first.at - performance.now();
      if (left > TIMER_MARGIN_MS) return this.arm(); // the timer fired early: wait again
      if (left > SLICE_MS) {
        // sleep a slice, then let the loop poll I/O: a request arriving now waits at most one slice
        Atomics.wait(sleeper, 0, 0, SLICE_MS);
        this.armed = true;
        setImmediate(() => this.drive());
        return;
      }
      if (left > 0) Atomics.wait(sleeper, 0, 0, left);
    }
    for (let now = performance.now(); this.heap.length > 0 && (this.heap[0] as { at: number }).at <= now; now = performance.now()) {
      const job = this.pop();
      this.lateness.push(now - job.at);
      job.fn();
    }
    this.arm();
  }

  private push(x: { at: number; fn: () => void }): void {
    const h = this.heap;
    h.push(x);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if ((h[p] as typeof x).at <= x.at) break;
      h[i] = h[p] as typeof x;
      h[p] = x;
      i = p;
    }
  }

  private pop(): { at: number; fn: () => void } {
    const h = this.heap;
    const top = h[0] as { at: number; fn: () => void };
    const last = h.pop() as typeof top;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && (h[l] as typeof top).at < (h[m] as typeof top).at) m = l;
        if (r < h.length && (h[r] as typeof top).at < (h[m] as typeof top).at) m = r;
        if (m === i) break;
        const t = h[i] as typeof top;
        h[i] = h[m] as typeof top;
        h[m] = t;
        i = m;
      }
    }
    return top;
  }
}
