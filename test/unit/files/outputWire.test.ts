import { describe, expect, it } from "vitest";
import { restoreOutput } from "../../../app/s/[id]/restoreOutput";
import { Rng } from "../../../lib/stats/rng";
import { ShareViewCache, toOutputWire, type OutputWire, type ShareView } from "../../../server/shares/view";
import { generateCell, scoreCell, syntheticGenerateRun, syntheticScoreRun } from "../../fixtures/shares/syntheticRun";

const viaJson = (w: OutputWire) => JSON.parse(JSON.stringify(w)) as OutputWire;

describe("shared outputs on the wire", () => {
  it("leave out recomputable token diffs and get them back exactly", () => {
    const rng = new Rng(5);
    for (const result of [syntheticGenerateRun(generateCell("g"), rng, 64), syntheticScoreRun(scoreCell("s", 3), rng)]) {
      const wire = toOutputWire(result);
      const sent = JSON.stringify(wire).length;
      expect(sent).toBeLessThan(JSON.stringify(result).length * 0.6);
      expect(wire.derived.output || wire.derived.prompts.length > 0).toBe(true);
      expect(restoreOutput(viaJson(wire))).toEqual(result);
    }
  });

  it("keep every shape of token position exactly (labels absent, null or given; text null)", () => {
    const result = syntheticScoreRun(scoreCell("s", 1), new Rng(8));
    const tokens = result.a.items[0]!.tokens;
    tokens[1] = { ...tokens[1]!, labels: [{ id: 570, text: " yes", logprob: -0.5 }, { id: 421, text: null, logprob: null }] };
    tokens[2] = { ...tokens[2]!, labels: null, text: null, logprob: -0.1 }; // not a float32: that column goes as float64
    const wire = toOutputWire(result);
    expect(wire.packed["a.items.0"]?.lp.f32).toBe(false);
    expect(wire.packed["b.items.0"]?.lp.f32).toBe(true);
    expect(restoreOutput(viaJson(wire))).toEqual(result);
    expect(restoreOutput(viaJson(wire)).a.items[0]!.tokens[0]).not.toHaveProperty("labels");
  });

  it("keep a diff that does not recompute to what was stored", () => {
    const result = syntheticGenerateRun(generateCell("g"), new Rng(6), 8);
    const out = result.diff?.output;
    if (!out) throw new Error("fixture has no output diff");
    const tampered = { ...result, diff: { ...result.diff!, output: { ...out, positions: out.positions.slice(1) } } };
    const wire = toOutputWire(tampered);
    expect(wire.derived.output).toBe(false);
    expect(restoreOutput(viaJson(wire))).toEqual(tampered);
  });
});

describe("share view cache", () => {
  const view = (id: string, chars: number): ShareView => ({ id, title: id, createdAt: "", cells: [], outputs: { c: "x".repeat(chars) }, benchmarks: [] });

  it("evicts the least recently viewed share over its budget, never the one just added", () => {
    const cache = new ShareViewCache(25);
    cache.set(view("a", 10));
    cache.set(view("b", 10));
    expect(cache.get("a")?.id).toBe("a"); // a is now the most recent
    cache.set(view("c", 10));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.id).toBe("a");
    cache.set(view("huge", 100));
    expect(cache.get("huge")?.id).toBe("huge");
    expect(cache.get("a")).toBeUndefined();
  });
});
