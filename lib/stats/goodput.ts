import type { Goodput, RequestRecord, Slo } from "../schemas/stats";
import { e2eOf, tpotOf, ttftOf } from "./requestMetrics";

/**
 * Whether one request meets every SLO given. A failed request never does; a missing measurement fails
 * its SLO (it cannot be shown to meet it), except TPOT for ≤ 1 output token, which is undefined rather
 * than missing and counts as met (vLLM's rule).
 */
export function meetsSlo(r: RequestRecord, slo: Slo): boolean {
  if (!r.ok) return false;
  if (slo.ttftMs !== undefined) {
    const v = ttftOf(r);
    if (v === null || v > slo.ttftMs) return false;
  }
  if (slo.e2eMs !== undefined) {
    const v = e2eOf(r);
    if (v === null || v > slo.e2eMs) return false;
  }
  if (slo.tpotMs !== undefined) {
    const v = tpotOf(r);
    const undefinedTpot = r.outputTokens !== null && r.outputTokens <= 1 && e2eOf(r) !== null;
    if (v === null ? !undefinedTpot : v > slo.tpotMs) return false;
  }
  return true;
}

/** Goodput = requests meeting every SLO ÷ the level's duration (first send → last completion). */
export function goodput(records: ReadonlyArray<RequestRecord>, slo: Slo, durationMs: number | null): Goodput {
  const met = records.filter((r) => meetsSlo(r, slo)).length;
  const n = records.length;
  return {
    n,
    met,
    fraction: n > 0 ? met / n : null,
    perS: durationMs !== null && durationMs > 0 ? (met / durationMs) * 1000 : null,
  };
}
