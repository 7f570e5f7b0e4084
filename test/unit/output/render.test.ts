import { parseHTML } from "linkedom";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CellOutput, type CellOutputProps } from "../../../app/notebooks/[id]/output/CellOutput";
import { fmtNum } from "../../../app/notebooks/[id]/output/format";
import type { CellRunResult } from "../../../lib/schemas/cellRun";
import { longRun } from "../../fixtures/output/longRun";
import { recorded } from "./fixtures";

/** Server-side render (as a share link renders it), queried as a DOM. */
function render(props: Partial<CellOutputProps> & { result: CellRunResult | null }) {
  const html = renderToString(createElement(CellOutput, { live: null, onRuleChange: () => {}, ...props }));
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return { html, doc: document, all: (sel: string) => [...document.querySelectorAll(sel)] as Element[] };
}

describe("score run", () => {
  const result = recorded("score-run");
  const { all, doc } = render({ result });

  it("names the rule in the verdict and shows its reason", () => {
    const v = doc.querySelector('[data-testid="verdict"]');
    expect(v?.getAttribute("data-rule")).toBe("score-gate");
    expect(v?.getAttribute("data-status")).toBe(result.verdict?.status);
    expect(doc.querySelector('[data-testid="verdict-reason"]')?.textContent).toBe(result.verdict?.reason);
  });

  it("shows every item with A, B and Δ per label, Δ formatted from the diff", () => {
    expect(all('[data-testid="score-row"]')).toHaveLength(3);
    const deltas = all('[data-testid="score-delta"]').map((td) => td.textContent);
    expect(deltas).toHaveLength(6);
    const d01 = result.diff?.scores?.items[0]?.deltas[1] as number;
    expect(deltas[1]).toContain(fmtNum(Math.abs(d01)));
  });

  it("gives every headline number a definition on hover", () => {
    const metrics = all('[data-testid="summary-numbers"] .out-metric');
    expect(metrics.length).toBeGreaterThanOrEqual(8);
    for (const m of metrics) expect(m.getAttribute("title")?.length).toBeGreaterThan(20);
    expect(doc.querySelector('[data-testid="metric-max"] dd')?.textContent).toBe(fmtNum(result.diff?.tokens.maxAbsDiff));
  });

  it("opens a token strip whose null first logprob is shown as missing, not as 0", () => {
    const chips = all('[data-testid="token-chip"]');
    expect(chips.length).toBeGreaterThan(0);
    expect(chips[0]?.getAttribute("data-bin")).toBe("missing");
    expect(chips[0]?.getAttribute("aria-label")).toContain("logprob missing");
    // Roving tabindex: exactly one chip is in the tab order.
    expect(chips.filter((c) => c.getAttribute("tabindex") === "0")).toHaveLength(1);
  });

  it("lists every exchange of both sides, and the backends' identities", () => {
    expect(all('[data-testid="exchange"]')).toHaveLength(result.a.exchanges.length + result.b.exchanges.length);
    expect(doc.querySelector('[data-testid="identity-b"]')?.textContent).toContain("bfloat16");
    expect(doc.querySelector('[data-testid="side-a"]')?.textContent).toContain("reference engine");
  });
});

describe("generate run", () => {
  const result = recorded("generate-run");

  it("marks the first divergence and offers the jump to it", () => {
    const { doc } = render({ result });
    const fd = result.diff?.output?.summary.firstDivergence;
    expect(fd).toMatchObject({ reason: "token" });
    const strip = doc.querySelector('[data-testid="token-strip"]');
    expect(strip?.querySelector('[data-testid="first-divergence"]')?.textContent).toBe(`Jump to first divergence (position ${fd?.position})`);
    const chip = strip?.querySelector(`[data-index="${fd?.position}"]`);
    expect(chip?.getAttribute("data-first-divergence")).toBe("true");
    expect(chip?.getAttribute("data-mismatch")).toBe("true");
  });

  it("offers teacher forcing only when the parent can do it, and shows its diff", () => {
    expect(render({ result, onTeacherForce: () => {} }).doc.querySelector('[data-testid="teacher-force"]')).not.toBeNull();
    const { doc } = render({ result });
    expect(doc.querySelector('[data-testid="teacher-force"]')).toBeNull();
    expect(doc.querySelector('[data-testid="teacher-forced-strip"]')).not.toBeNull();
    expect(doc.querySelector('[data-testid="teacher-forced-numbers"]')).not.toBeNull();
  });

  it("shows both outputs with the server's token counts", () => {
    const { doc } = render({ result });
    expect(doc.querySelector('[data-testid="output-a"]')?.textContent).toContain(String(result.a.output?.completionTokens));
  });
});

describe("partial run (B down)", () => {
  const result = recorded("partial-run");
  const { doc, all } = render({ result });

  it("says in words what failed and keeps A's scores", () => {
    expect(doc.querySelector('[data-testid="message-side-b"]')?.textContent).toMatch(/^B \(.*\) could not be reached: .*connection refused.*kept below\.$/);
    const row = all('[data-testid="score-row"]')[0];
    const cells = [...(row?.querySelectorAll("td.num") ?? [])].map((c) => c.textContent);
    expect(cells[0]).toBe(fmtNum(result.a.scores?.[0]?.[0]));
    expect(cells[1]).toBe("missing");
    expect(doc.querySelector('[data-testid="verdict"]')?.getAttribute("data-status")).toBe("n/a");
  });
});

describe("a run that stopped before sending", () => {
  it("shows why, and no rule switcher or diff", () => {
    const base = recorded("score-run");
    const result: CellRunResult = {
      ...base,
      status: "error",
      error: { kind: "invalid-input", message: 'label " maybe" is 2 tokens on A; give a single-token label or its id' },
      input: null,
      diff: null,
      verdict: null,
    };
    const { doc } = render({ result });
    expect(doc.querySelector('[data-testid="message-run"]')?.textContent).toBe(`The run stopped before sending: ${result.error?.message}.`);
    expect(doc.querySelector('[data-testid="rule-switcher"]')).toBeNull();
    expect(doc.querySelector('[data-testid="verdict"]')?.getAttribute("data-status")).toBe("none");
  });
});

describe("8,192-token run", () => {
  const result = longRun();
  const { html, all } = render({ result });

  it("renders only a window of chips", () => {
    expect(result.diff?.output?.positions).toHaveLength(8192);
    const chips = all('[data-testid="token-chip"]');
    expect(chips.length).toBeGreaterThan(20);
    expect(chips.length).toBeLessThan(300);
    expect(chips[0]?.getAttribute("aria-setsize")).toBe("8192");
  });

  it("renders untrusted token text as escaped text with controls visible", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("\u202e");
    expect(html).not.toContain("\u0007");
    expect(html).toContain("\\u202eevil");
  });

  it("renders the first-divergence chip even when it lies outside the first window", () => {
    const fd = result.diff?.output?.summary.firstDivergence?.position as number;
    expect(fd).toBeGreaterThan(1000);
    expect(all(`[data-index="${fd}"]`)).toHaveLength(1);
  });
});

describe("live streams", () => {
  it("shows both sides growing, each with its own state", () => {
    const { doc } = render({
      result: null,
      busy: true,
      live: {
        a: { text: "Once upon", tokens: [{ id: 1, text: "Once", logprob: -1, top: null }, { id: 2, text: " upon", logprob: -2, top: null }], done: false, error: null },
        b: { text: "Once", tokens: [{ id: 1, text: "Once", logprob: -1, top: null }], done: true, error: "B cut the stream before it finished" },
      },
    });
    expect(doc.querySelector('[data-testid="live-a"]')?.getAttribute("data-state")).toBe("streaming");
    expect(doc.querySelector('[data-testid="live-a"] [data-testid="live-count"]')?.textContent).toBe("2 tokens");
    expect(doc.querySelector('[data-testid="live-b"]')?.getAttribute("data-state")).toBe("error");
    expect(doc.querySelector('[data-testid="live-b"] [role="alert"]')?.textContent).toBe("B cut the stream before it finished");
    expect(doc.querySelector('[data-testid="live-a"] [role="log"]')?.textContent).toBe("Once upon");
  });
});

describe("modes", () => {
  const result = recorded("generate-run");
  const doneLive = {
    a: { text: "x", tokens: [], done: true, error: null },
    b: { text: "y", tokens: [], done: false, error: "B timed out" },
  };

  it("read-only (a share link) shows the verdict but no rule switcher or teacher forcing", () => {
    const { doc } = render({ result, readOnly: true, onTeacherForce: () => {} });
    expect(doc.querySelector('[data-testid="verdict"]')).not.toBeNull();
    expect(doc.querySelector('[data-testid="rule-switcher"]')).toBeNull();
    expect(doc.querySelector('[data-testid="teacher-force"]')).toBeNull();
  });

  it("shows finished streams no longer once a result is there, even while busy", () => {
    expect(render({ result, live: doneLive, busy: true }).doc.querySelector('[data-testid="live-streams"]')).toBeNull();
    const running = { ...doneLive, a: { ...doneLive.a, done: false } };
    const { doc } = render({ result, live: running, busy: true });
    expect(doc.querySelector('[data-testid="live-streams"]')).not.toBeNull();
    expect(doc.querySelector(".out-stale [data-testid='run-result']")).not.toBeNull();
  });
});
