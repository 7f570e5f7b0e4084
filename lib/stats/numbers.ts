/** Numeric helpers shared by the diff, parity and statistics modules. */

/** A finite number, or null for null/undefined/NaN/±inf: non-finite inputs are "missing", never 0. */
export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/**
 * Running sum with Neumaier compensation. Plain `+=` loses digits on long latency series; numpy uses
 * pairwise summation, and compensated summation keeps us within ~1 ulp of it so fixtures compare tightly.
 * Also tracks count and max so one-pass summaries need not keep their values.
 */
export class RunningSum {
  private s = 0;
  private c = 0;
  n = 0;
  max = Number.NEGATIVE_INFINITY;

  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
    this.n++;
    if (x > this.max) this.max = x;
  }

  get value(): number {
    return this.s + this.c;
  }

  /** Mean and max, or nulls (with n = 0) when nothing was added. */
  meanMax(): { mean: number | null; max: number | null; n: number } {
    return this.n > 0 ? { mean: this.value / this.n, max: this.max, n: this.n } : { mean: null, max: null, n: 0 };
  }
}

export function sum(values: ArrayLike<number>): number {
  const acc = new RunningSum();
  for (let i = 0; i < values.length; i++) acc.add(values[i] as number);
  return acc.value;
}

/** Keeps the finite numbers of a list; `dropped` says how many null/NaN/±inf entries were left out. */
export function finiteValues(values: ReadonlyArray<number | null | undefined>): { values: number[]; dropped: number } {
  const kept: number[] = [];
  for (const v of values) if (typeof v === "number" && Number.isFinite(v)) kept.push(v);
  return { values: kept, dropped: values.length - kept.length };
}

/** Ascending copy; the input is left untouched. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
