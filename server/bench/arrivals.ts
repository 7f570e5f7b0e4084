import type { Arrival } from "../../lib/schemas/benchmark";
import { Rng } from "../../lib/stats/rng";

/**
 * Open-loop arrival processes, seeded: the same seed gives the same schedule on every machine.
 * Gaps between arrivals are drawn from
 * - poisson: exponential with mean 1/rate;
 * - gamma: shape = burstiness, scale = 1/(rate·burstiness) — mean 1/rate, coefficient of variation
 *   1/√burstiness (1 is Poisson, below 1 burstier), as vLLM's --burstiness;
 * - constant: exactly 1/rate.
 */

export interface ArrivalOptions {
  rate: number;
  arrival: Arrival;
  burstiness: number;
  seed: number;
}

/** Uniform in (0, 1]: never 0, so logarithms stay finite. */
function unitOpen(rng: Rng): number {
  return 1 - rng.next();
}

function standardNormal(rng: Rng): number {
  // Box–Muller; one of the pair is enough here.
  return Math.sqrt(-2 * Math.log(unitOpen(rng))) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through the boost Gamma(shape+1)·U^(1/shape). */
export function gammaSample(rng: Rng, shape: number): number {
  if (shape < 1) return gammaSample(rng, shape + 1) * unitOpen(rng) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = unitOpen(rng);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** An endless source of gaps between arrivals, in ms. */
export function gapSource(opts: ArrivalOptions): () => number {
  const rng = new Rng(opts.seed);
  const meanMs = 1000 / opts.rate;
  switch (opts.arrival) {
    case "constant":
      return () => meanMs;
    case "poisson":
      return () => -Math.log(unitOpen(rng)) * meanMs;
    case "gamma": {
      const k = opts.burstiness;
      return () => (gammaSample(rng, k) / k) * meanMs;
    }
  }
}

/**
 * Planned send times (ms after the level starts) of `n` requests: the first at 0, then the drawn gaps,
 * rescaled so the last arrival lands at exactly (n − 1)/rate — the achieved rate matches the level's
 * rate whatever the seed (vLLM normalises its total delay the same way).
 */
export function arrivalSchedule(n: number, opts: ArrivalOptions): number[] {
  if (n <= 0) return [];
  const next = gapSource(opts);
  const offsets = new Array<number>(n);
  offsets[0] = 0;
  for (let i = 1; i < n; i++) offsets[i] = (offsets[i - 1] as number) + next();
  const last = offsets[n - 1] as number;
  const target = ((n - 1) * 1000) / opts.rate;
  if (n > 1 && last > 0) {
    const k = target / last;
    for (let i = 1; i < n; i++) offsets[i] = (offsets[i] as number) * k;
  }
  return offsets;
}
