import { describe, expect, it } from "vitest";
import { parityProbes, runLevel } from "../../../server/bench/loadLevel";
import type { PreparedRequest, Sample, SendOptions, TimedSender } from "../../../server/bench/sender";

/** A sender that answers after 5 ms; `fails(i)` says which sends (in order) fail. It records what each send asked for. */
function fakeSender(fails: (i: number) => boolean) {
  const sent: { what: string; keepFinal: boolean }[] = [];
  const sender = {
    async send(req: PreparedRequest, opts: SendOptions): Promise<Sample | null> {
      const i = sent.length;
      sent.push({ what: req.what, keepFinal: opts.keepFinal === true });
      await new Promise((r) => setTimeout(r, 5));
      const ok = !fails(i);
      return { ok, sentAt: performance.now(), ttftMs: 1, e2eMs: 2, chunkTimesMs: [], chunkTokens: [], outputTokens: 1, promptTokens: 1, cachedTokens: 0, items: 0, errorKind: ok ? null : "http", error: ok ? null : { kind: "http", status: 500, message: "boom" }, finalJson: opts.keepFinal && ok ? { answer: i, what: req.what } : undefined } as Sample;
    },
  };
  return { sender: sender as unknown as TimedSender, sent };
}

const lean = { what: "lean", forParity: { what: "full" } } as unknown as PreparedRequest;

describe("the answers parity judges", () => {
  it("a level keeps the first successful answer of each snapshot, even when the first request of the first wave fails", async () => {
    const { sender } = fakeSender((i) => i === 0);
    const out = await runLevel({ mode: { kind: "closed", concurrency: 4 }, requests: [lean], count: 4, timeoutMs: 1000, signal: new AbortController().signal, captureFinal: true }, sender);
    expect(out.finals).toEqual([{ answer: expect.any(Number), what: "lean" }]);
    expect(out.samples).toHaveLength(4);
  });

  it("probes send the full request once per snapshot, once more if it fails, and never count as samples", async () => {
    const { sender, sent } = fakeSender((i) => i === 0);
    const finals = await parityProbes([lean, lean], sender, 1000, new AbortController().signal);
    expect(sent.map((s) => s.what)).toEqual(["full", "full", "full"]);
    expect(finals).toEqual([{ answer: 1, what: "full" }, { answer: 2, what: "full" }]);
    const down = fakeSender(() => true);
    expect(await parityProbes([lean], down.sender, 1000, new AbortController().signal)).toEqual([null]); // sent, never answered: judged as missing
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await parityProbes([lean], down.sender, 1000, cancelled.signal)).toEqual([undefined]); // never sent
  });
});
