import type { EngineRequest } from "./request";
import type { FinishReason } from "./types";

/** Token ids that may not be sampled yet because min_new_tokens is not reached. */
export function bannedTokens(r: EngineRequest, eosId: number): number[] {
  const p = r.spec.sampling;
  if (r.outputIds.length >= p.minNewTokens) return [];
  return p.ignoreEos ? [...p.stopTokenIds] : [eosId, ...p.stopTokenIds];
}

/**
 * Why the request stops after its newest token, or null. Order as in SGLang's `check_finished`:
 * length, then stop token / EOS, then stop strings (matched on the decoded output text).
 */
export function finishAfterToken(
  r: EngineRequest,
  eosId: number,
  contextLength: number,
  decode: (ids: readonly number[], skipSpecial: boolean) => string,
): FinishReason | null {
  const p = r.spec.sampling;
  const tok = r.outputIds[r.outputIds.length - 1]!;
  if (r.outputIds.length >= p.maxNewTokens) return { type: "length", length: p.maxNewTokens };
  if (r.tokens.length >= contextLength) return { type: "length", length: r.outputIds.length };
  if (!p.ignoreEos && tok === eosId) return { type: "stop", matched: tok };
  if (p.stopTokenIds.includes(tok)) return { type: "stop", matched: tok };
  if (p.stop.length > 0) {
    const text = decode(r.outputIds, p.skipSpecialTokens);
    let best: { at: number; s: string } | null = null;
    for (const s of p.stop) {
      if (s === "") continue;
      const at = text.indexOf(s);
      if (at >= 0 && (!best || at < best.at)) best = { at, s };
    }
    if (best) {
      r.stopTextEnd = p.noStopTrim ? best.at + best.s.length : best.at;
      return { type: "stop", matched: best.s };
    }
  }
  return null;
}
