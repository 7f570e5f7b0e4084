import { levelLabel, levelsOf, type LoadProfile, type LogprobsMode } from "../schemas/benchmark";

/**
 * Whether a run may be judged against a baseline: the same request (its hash), the same kind of load
 * (a closed loop at 16 is not an open loop at 16 req/s, nor 16 items per request; an open loop's arrival
 * process and cap change the latency it measures), the same logprobs and ignore_eos settings, and at least one level in common. One check for the
 * command line, the pages and the baseline setting, so all three refuse the same things.
 */

export type Comparable = { name: string; requestHash: string; load: LoadProfile; logprobs: LogprobsMode; ignoreEos: boolean; levels: ReadonlyArray<number> };

/** A run or benchmark as the check reads it; `levels` default to the load's (a run passes the levels it measured). */
export function comparable(name: string, spec: { requestHash: string; load: LoadProfile; logprobs: LogprobsMode; ignoreEos: boolean }, levels: ReadonlyArray<number> = levelsOf(spec.load)): Comparable {
  return { name, requestHash: spec.requestHash, load: spec.load, logprobs: spec.logprobs, ignoreEos: spec.ignoreEos, levels };
}

const eosWords = (ignoreEos: boolean) => (ignoreEos ? "every request run to max_new_tokens (ignore_eos)" : "requests stopping at EOS");

const LOGPROBS_WORDS: Record<LogprobsMode, string> = { all: "every request asking for logprobs", "parity-only": "timed requests asking for no logprobs" };

const short = (hash: string) => `${hash.slice(0, 19)}…`;

/** How the load sends, beyond its level numbers — what must match for latencies to compare. */
function loadShape(load: LoadProfile): string {
  switch (load.kind) {
    case "closed":
      return "a closed loop (concurrency levels)";
    case "open": {
      const arrival = load.arrival === "gamma" ? `gamma arrivals with burstiness ${load.burstiness}` : `${load.arrival} arrivals`;
      return `an open loop with ${arrival}${load.maxConcurrency !== undefined ? `, at most ${load.maxConcurrency} in flight` : ", no concurrency cap"}`;
    }
    case "items":
      return `an items sweep at concurrency ${load.concurrency}`;
  }
}

export function sameInput(run: Comparable, baseline: Comparable): { ok: true } | { ok: false; reason: string } {
  if (run.requestHash !== baseline.requestHash) {
    return {
      ok: false,
      reason: `requestHash differs: the baseline "${baseline.name}" measured a different request (${short(baseline.requestHash)} vs ${short(run.requestHash)}); comparisons need the same input — run the baseline from the same benchmark or cell`,
    };
  }
  const mine = loadShape(run.load);
  const theirs = loadShape(baseline.load);
  if (mine !== theirs) {
    return { ok: false, reason: `the baseline "${baseline.name}" ran ${theirs}, this run ${mine}; comparisons need the same load` };
  }
  if (run.logprobs !== baseline.logprobs) {
    return { ok: false, reason: `the baseline "${baseline.name}" ran with ${LOGPROBS_WORDS[baseline.logprobs]}, this run with ${LOGPROBS_WORDS[run.logprobs]}; logprobs cost the server time, so comparisons need the same setting` };
  }
  if (run.ignoreEos !== baseline.ignoreEos) {
    return { ok: false, reason: `the baseline "${baseline.name}" ran with ${eosWords(baseline.ignoreEos)}, this run with ${eosWords(run.ignoreEos)}; they generate different amounts of work, so comparisons need the same setting` };
  }
  const common = run.levels.filter((l) => baseline.levels.includes(l));
  if (common.length === 0) {
    const list = run.levels.map((l) => levelLabel(run.load, l)).join(", ");
    return { ok: false, reason: `the baseline "${baseline.name}" has no level in common with this run (${list})` };
  }
  return { ok: true };
}
