/**
 * One precise scheduler for many timed writes (bench/delayServer): a min-heap of deadlines and a single
 * driver. The driver sleeps on a timer until ~1 ms before the next deadline, then turns setImmediate
 * until it is due — timers alone fire up to a millisecond late, and the server's delays must be exact
 * for the runner to be judged against them. It records how late each job actually ran.
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
    if (left > 1.2) setTimeout(() => this.drive(), left - 1);
    else setImmediate(() => this.drive());
  }

  private drive(): void {
    this.armed = false;
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
