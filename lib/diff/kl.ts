import type { TokenAlt, TokenPosition } from "../schemas/tokens";
import { indexOfId, knownLogprob } from "./topk";

/** Floor for the "other" bucket of B inside a log, so a rounding-zero remainder gives a large, finite term. */
const OTHER_FLOOR = 1e-12;

/**
 * KL(A‖B) at one position over a coarse-grained distribution: one bucket per token whose logprob both
 * sides report (top-k, sampled token, label ids), plus one "other" bucket with each side's remaining
 * mass. Coarse-graining can only lower KL, so this is a lower bound. Both sides are renormalised when
 * rounding (e.g. bf16) makes the reported mass exceed 1, which keeps the result ≥ 0.
 * null when either side has no top-k or the two share no known token (the bound would say 0).
 */
export function klTopKAt(a: TokenPosition, b: TokenPosition): number | null {
  if (!a.top || !b.top) return null;
  const acc = { massA: 0, massB: 0, cross: 0, shared: 0 };
  const visit = (id: number): void => {
    const lpA = knownLogprob(a, id);
    const lpB = knownLogprob(b, id);
    if (Number.isNaN(lpA) || Number.isNaN(lpB)) return;
    const pA = Math.exp(lpA);
    acc.massA += pA;
    acc.massB += Math.exp(lpB);
    acc.cross += pA * (lpA - lpB);
    acc.shared++;
  };
  // Each id once: top-k, then the sampled token, then label ids not already seen.
  a.top.forEach((alt, i) => {
    if (indexOfId(a.top, alt.id) === i) visit(alt.id);
  });
  if (indexOfId(a.top, a.id) < 0) visit(a.id);
  (a.labels ?? []).forEach((alt: TokenAlt, i) => {
    if (alt.id !== a.id && indexOfId(a.top, alt.id) < 0 && indexOfId(a.labels, alt.id) === i) visit(alt.id);
  });
  if (acc.shared === 0) return null;

  const zA = Math.max(1, acc.massA);
  const zB = Math.max(1, acc.massB);
  const otherA = Math.max(0, 1 - acc.massA);
  const otherB = Math.max(0, 1 - acc.massB);
  let kl = (acc.cross - acc.massA * (Math.log(zA) - Math.log(zB))) / zA;
  if (otherA > 0) kl += (otherA / zA) * (Math.log(otherA / zA) - Math.log(Math.max(otherB / zB, OTHER_FLOOR)));
  return Math.max(0, kl);
}

/** One term of Schulman's k3 estimator of KL(A‖B): r − 1 − log r with r = exp(lpB − lpA). */
export function k3Term(lpA: number, lpB: number): number {
  const d = lpB - lpA;
  return Math.expm1(d) - d;
}
