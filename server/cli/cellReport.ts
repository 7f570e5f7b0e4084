import type { CellRunResult, SideResult } from "../../lib/schemas/cellRun";
import type { TokenSequence } from "../../lib/schemas/tokens";

/** What `studio cell run --json` prints: a stable, flat digest of a CellRunResult for scripts and CI. */
export function cellReport(r: CellRunResult) {
  const tokens = (seq: TokenSequence) => seq.map((t) => ({ id: t.id, text: t.text, logprob: t.logprob }));
  const side = (s: SideResult) => ({
    side: s.side,
    name: s.backend.name,
    dialect: s.backend.dialect,
    baseUrl: s.backend.baseUrl,
    model: s.backend.model,
    ok: s.ok,
    error: s.error ? s.error.message : null,
    errorKind: s.error ? s.error.kind : null,
    latencyMs: s.latencyMs,
    identity: s.identity
      ? { version: s.identity.version, modelPath: s.identity.modelPath, dtype: s.identity.dtype, isReferenceEngine: s.identity.isReferenceEngine }
      : null,
    ...(r.kind === "score"
      ? { scores: s.scores, tokens: s.items.map((it) => tokens(it.tokens)) }
      : {
          tokens: tokens(s.output?.tokens ?? []),
          text: s.output?.text ?? null,
          finishReason: s.output?.finishReason ?? null,
          partial: s.output?.partial ?? false,
        }),
  });
  const t = r.diff?.tokens;
  const sc = r.diff?.scores?.summary;
  return {
    cell: { id: r.cellId, kind: r.kind },
    status: r.status,
    error: r.error ? r.error.message : null,
    backends: [side(r.a), side(r.b)],
    tokenization: r.tokenization,
    diff: {
      scores: sc ? { maxAbsDiff: sc.maxAbsDelta?.value ?? null, meanAbsDiff: sc.meanAbsDelta, missing: sc.missing.either } : null,
      tokens: {
        maxAbsDiff: t?.maxAbsDiff ?? null,
        meanAbsDiff: t?.meanAbsDiff ?? null,
        argmaxAgreement: t?.argmaxAgreement ?? null,
        firstDivergence: t?.firstDivergence ? { item: t.firstDivergence.item, position: t.firstDivergence.position, reason: t.firstDivergence.reason } : null,
        missing: t?.missing ?? null,
      },
    },
    verdict: r.verdict
      ? { rule: r.verdict.rule, pass: r.verdict.status === "pass", status: r.verdict.status, reason: r.verdict.reason }
      : { rule: r.rule.name, pass: false, status: "n/a", reason: r.error?.message ?? "nothing was compared" },
    durationMs: r.durationMs,
  };
}

const fmt = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? "—" : x.toFixed(digits));
const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));

/** The compact human table printed without --json. */
export function cellTable(r: CellRunResult): string {
  const rep = cellReport(r);
  const lines: string[] = [];
  lines.push(`${r.kind} cell ${r.cellId} · rule ${rep.verdict.rule} · ${rep.verdict.status.toUpperCase()} · ${r.status}`);
  lines.push(`  ${rep.verdict.reason}`);
  if (rep.error) lines.push(`  error: ${rep.error}`);
  lines.push("");
  lines.push(`${pad("side", 5)}${pad("backend", 34)}${pad("dialect", 12)}${pad("latency", 12)}result`);
  for (const s of rep.backends) {
    const result = s.ok ? "ok" : `${s.errorKind ?? "error"}: ${s.error ?? ""}`;
    lines.push(`${pad(s.side.toUpperCase(), 5)}${pad(s.baseUrl, 34)}${pad(s.dialect, 12)}${pad(s.latencyMs === null ? "—" : `${s.latencyMs.toFixed(1)} ms`, 12)}${result}`);
  }
  if (r.kind === "score" && r.input?.kind === "score") {
    lines.push("");
    lines.push(`${pad("item", 6)}${pad("label", 12)}${pad("A", 10)}${pad("B", 10)}Δ`);
    const labels = r.input.labels;
    const rows = Math.max(r.a.scores?.length ?? 0, r.b.scores?.length ?? 0);
    for (let i = 0; i < rows; i++) {
      labels.forEach((l, j) => {
        const a = r.a.scores?.[i]?.[j] ?? null;
        const b = r.b.scores?.[i]?.[j] ?? null;
        const d = a !== null && b !== null ? b - a : null;
        lines.push(`${pad(String(i), 6)}${pad(JSON.stringify(l.label), 12)}${pad(fmt(a), 10)}${pad(fmt(b), 10)}${d === null ? "—" : `${d >= 0 ? "+" : ""}${d.toFixed(4)}`}`);
      });
    }
  }
  if (r.kind === "generate") {
    lines.push("");
    for (const s of [r.a, r.b]) lines.push(`${s.side.toUpperCase()}: ${JSON.stringify(s.output?.text ?? null)}${s.output?.partial ? " (partial)" : ""}`);
  }
  const t = rep.diff.tokens;
  const fd = t.firstDivergence;
  lines.push("");
  lines.push(
    `tokens: max |Δ| ${fmt(t.maxAbsDiff)} · mean |Δ| ${fmt(t.meanAbsDiff)} · argmax agreement ${t.argmaxAgreement === null ? "—" : `${(t.argmaxAgreement * 100).toFixed(1)}%`} · first divergence ${fd ? `${fd.item === null ? "" : `item ${fd.item} `}position ${fd.position} (${fd.reason})` : "none"} · missing ${t.missing ?? "—"}`,
  );
  if (rep.diff.scores) lines.push(`scores: max |Δ| ${fmt(rep.diff.scores.maxAbsDiff)} · mean |Δ| ${fmt(rep.diff.scores.meanAbsDiff)}`);
  for (const d of r.tokenization.details) lines.push(`note: ${d}`);
  return `${lines.join("\n")}\n`;
}
