import { describe, expect, it } from "vitest";
import { IDLE, runStarted, startingRun, transitionCell } from "../../../app/notebooks/[id]/cellRuntime";
import type { CellRunMessage } from "../../../server/notebooks/cellJobs";

const tok = (id: number) => ({ id, text: `t${id}`, logprob: -0.1, top: null });
const ev = (event: Extract<CellRunMessage, { type: "event" }>["event"]): CellRunMessage => ({ type: "event", event });

describe("cell runtime transitions", () => {
  it("builds both live streams from token events, then shows the stored result", () => {
    let rt = runStarted(startingRun(IDLE), "r1");
    const messages: CellRunMessage[] = [
      { type: "started", cellId: "c", notebookId: "n", startedAt: "x", backends: { a: "A", b: "B" } },
      ev({ type: "phase", phase: "send" }),
      ev({ type: "tokens", side: "a", tokens: 1, text: "t1", added: [tok(1)] }),
      ev({ type: "tokens", side: "b", tokens: 2, text: "t1t2", added: [tok(1), tok(2)] }),
      ev({ type: "tokens", side: "a", tokens: 2, text: "t1t3", added: [tok(3)] }),
      ev({ type: "side-done", side: "b", ok: false, error: { kind: "stream-cut", message: "cut" }, latencyMs: 3 }),
    ];
    for (const m of messages) rt = transitionCell(rt, "r1", m);
    expect(rt.backends).toEqual({ a: "A", b: "B" });
    expect(rt.step).toBe("send");
    expect(rt.live?.a).toEqual({ text: "t1t3", tokens: [tok(1), tok(3)], done: false, error: null });
    expect(rt.live?.b).toMatchObject({ text: "t1t2", done: true, error: "cut" });

    const result = { cellId: "c" } as never;
    rt = transitionCell(rt, "r1", { type: "finished", run: { id: "r1", notebookId: "n", cellId: "c", status: "ok", createdAt: "now", cell: {} as never, result } });
    expect(rt).toMatchObject({ phase: "done", runId: null, live: null, shown: { id: "r1", result }, shownIsLatest: true });
  });

  it("ignores messages of another run, and says why a run failed", () => {
    const rt = runStarted(startingRun(IDLE), "r2");
    expect(transitionCell(rt, "old", { type: "failed", message: "x" })).toBe(rt);
    expect(transitionCell(rt, "r2", { type: "failed", message: "the run stopped: boom" })).toMatchObject({ phase: "failed", error: "the run stopped: boom" });
    const items = transitionCell(transitionCell(rt, "r2", ev({ type: "item", side: "a", item: 0, ok: true })), "r2", ev({ type: "item", side: "a", item: 1, ok: true }));
    expect(items.itemsDone).toEqual({ a: 2, b: 0 });
  });
});
