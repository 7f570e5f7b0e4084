import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../server/engine/model/weights";
import { topK } from "../../../server/engine/scheduler/logprobRecorder";
import { Sampler } from "../../../server/engine/scheduler/sampler";
import type { SamplingParams } from "../../../server/engine/scheduler/types";

const params = (p: Partial<SamplingParams>): SamplingParams => ({
  maxNewTokens: 10, minNewTokens: 0, temperature: 1, topP: 1, topK: -1, minP: 0, frequencyPenalty: 0, presencePenalty: 0,
  repetitionPenalty: 1, stop: [], stopTokenIds: [], ignoreEos: false, skipSpecialTokens: true, noStopTrim: false, samplingSeed: null, ...p,
});
const lp = Float32Array.from([-3, -0.5, -1.2, -4, -0.9, -6]);
const none = new Map<number, number>();

describe("sampler", () => {
  it("greedy at temperature 0 or top_k 1; banned ids are skipped", () => {
    const s = new Sampler(lp.length);
    expect(s.sample(lp, params({ temperature: 0 }), mulberry32(1), none, [])).toBe(1);
    expect(s.sample(lp, params({ topK: 1 }), mulberry32(1), none, [])).toBe(1);
    expect(s.sample(lp, params({ temperature: 0 }), mulberry32(1), none, [1])).toBe(4);
  });

  it("same seed, same draws; truncation keeps only the allowed ids", () => {
    const s = new Sampler(lp.length);
    const draw = (seed: number, p: Partial<SamplingParams>) => {
      const rand = mulberry32(seed);
      return Array.from({ length: 50 }, () => s.sample(lp, params(p), rand, none, []));
    };
    expect(draw(3, {})).toEqual(draw(3, {}));
    expect(new Set(draw(3, {})).size).toBeGreaterThan(2);
    expect(new Set(draw(4, { topK: 2 }))).toEqual(new Set([1, 4]));
    expect(new Set(draw(5, { topP: 0.01 }))).toEqual(new Set([1]));
    expect(new Set(draw(6, { minP: 0.5 }))).toEqual(new Set([1, 4]));
  });

  it("frequency penalty steers away from repeated ids", () => {
    const s = new Sampler(lp.length);
    expect(s.sample(lp, params({ temperature: 0, frequencyPenalty: 2 }), mulberry32(1), new Map([[1, 1]]), [])).toBe(4);
  });

  it("topK lists the best ids first, ties by smaller id", () => {
    expect(topK(Float32Array.from([-1, -0.5, -1, -2]), 3)).toEqual([[-0.5, 1], [-1, 0], [-1, 2]]);
  });
});
