import type { BenchmarkSpec } from "../schemas/benchmark";
import type { ParityRuleInput } from "../schemas/parity";

/**
 * The rule a benchmark's parity gate uses: the spec's, else the default for its request kind; null = off.
 * One place, so the run's own summary and a later comparison with a baseline name the same rule.
 */
export function benchmarkParityRule(spec: Pick<BenchmarkSpec, "gates" | "requests">): ParityRuleInput | null {
  if (spec.gates.parity === null) return null;
  if (spec.gates.parity !== undefined) return spec.gates.parity;
  const first = spec.requests[0];
  if (first?.kind === "score") return { name: "score-gate" };
  // Containment needs top-k lists; without them, the SGLang CI tolerance is the rule that can judge.
  return first && first.topLogprobs > 0 ? { name: "topk-containment" } : { name: "sglang-ci" };
}
