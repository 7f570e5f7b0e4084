import { describe, expect, it } from "vitest";
import { runMessages } from "../../../app/notebooks/[id]/output/ErrorPanel";
import { curlText, prettyBody, requestText, responseText } from "../../../app/notebooks/[id]/output/exchangeText";
import { fmtDelta, fmtMs, fmtNum, fmtPct } from "../../../app/notebooks/[id]/output/format";
import { pooledMean } from "../../../app/notebooks/[id]/output/tokenNumbers";
import type { ExchangeRequest } from "../../../lib/schemas/exchange";
import { recorded } from "./fixtures";

const req: ExchangeRequest = {
  method: "POST",
  url: "http://127.0.0.1:1/v1/score",
  headers: { "content-type": "application/json", authorization: "Bearer ***" },
  body: `{"query":"it's"}`,
  bodyTruncated: false,
};

describe("exchange text", () => {
  it("quotes a curl command for a POSIX shell", () => {
    expect(curlText(req)).toBe(
      `curl -X POST 'http://127.0.0.1:1/v1/score' -H 'content-type: application/json' -H 'authorization: Bearer ***' --data-raw '{"query":"it'\\''s"}'`,
    );
  });
  it("pretty-prints JSON bodies and leaves others as received", () => {
    expect(prettyBody(`{"a":1}`)).toBe(`{\n  "a": 1\n}`);
    expect(prettyBody(`{"input_ids":[1,-2,3.5e-3],"text":["a","b"],"x":[]}`)).toBe(
      `{\n  "input_ids": [1, -2, 0.0035],\n  "text": [\n    "a",\n    "b"\n  ],\n  "x": []\n}`,
    );
    expect(prettyBody("not json")).toBe("not json");
    expect(requestText(req).split("\n")[0]).toBe("POST http://127.0.0.1:1/v1/score");
    expect(requestText(req).endsWith(`\n\n{"query":"it's"}`)).toBe(true);
    expect(requestText(req, true).endsWith(`\n\n{\n  "query": "it's"\n}`)).toBe(true);
  });
  it("re-assembles a stream as data: lines in arrival order", () => {
    const res = { status: 200, contentType: "text/event-stream", body: null, totalChars: 10, truncated: false, events: [{ atMs: 1, data: "{}" }, { atMs: 2, data: "[DONE]" }] };
    expect(responseText(res)).toBe("data: {}\n\ndata: [DONE]\n\n");
  });
});

describe("formatting", () => {
  it("never prints a missing number as 0", () => {
    expect(fmtNum(null)).toBe("missing");
    expect(fmtNum(Number.NaN)).toBe("missing");
    expect(fmtDelta(undefined)).toBe("missing");
    expect(fmtPct(null)).toBe("n/a");
    expect(fmtMs(null)).toBe("—");
  });
  it("signs deltas with a true minus and switches to scientific for tiny values", () => {
    expect(fmtDelta(-0.01234)).toBe("−0.0123");
    expect(fmtDelta(0.5)).toBe("+0.5000");
    expect(fmtDelta(-2.2e-5)).toBe("−2.20e-5");
    expect(fmtPct(0.3125)).toBe("31.3%");
    expect(fmtMs(12345)).toBe("12.3 s");
  });
});

describe("pooledMean", () => {
  it("weights each sequence by its count and skips empty ones", () => {
    expect(pooledMean([{ mean: 1, max: 1, n: 1 }, { mean: 4, max: 4, n: 3 }, { mean: null, max: null, n: 0 }])).toBe(13 / 4);
    expect(pooledMean([{ mean: null, max: null, n: 0 }])).toBeNull();
  });
});

describe("runMessages", () => {
  it("says when the backends tokenized differently", () => {
    const base = recorded("score-run");
    const result = { ...base, tokenization: { ...base.tokenization, match: false, details: ["B reports different prompt ids than were sent for item 2"] } };
    expect(runMessages(result)).toEqual([
      { key: "tokenization", tone: "warn", text: "The two backends tokenized differently: B reports different prompt ids than were sent for item 2." },
    ]);
  });
  it("has nothing to say about a clean run", () => {
    expect(runMessages(recorded("score-run"))).toEqual([]);
  });
});
