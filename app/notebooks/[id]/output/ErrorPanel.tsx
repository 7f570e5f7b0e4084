import type { CellRunResult } from "../../../../lib/schemas/cellRun";
import { describeBackendError, sentence } from "./errorText";
import { visibleProse } from "./tokenText";

type Message = { key: string; tone: "error" | "warn" | "note"; text: string };

/** Everything that went wrong or needs a caveat, in words. Pure, so it can be tested apart. */
export function runMessages(result: CellRunResult): Message[] {
  const out: Message[] = [];
  if (result.error) out.push({ key: "run", tone: "error", text: sentence(`The run stopped before sending: ${result.error.message}`) });
  for (const s of [result.a, result.b]) {
    if (!s.error) continue;
    const kept = result.status === "partial" ? ` The other side's result is kept below.` : "";
    out.push({ key: `side-${s.side}`, tone: "error", text: `${sentence(describeBackendError(`${s.side.toUpperCase()} (${s.backend.name})`, s.error))}${kept}` });
  }
  const tok = result.tokenization;
  if (tok.match === false) {
    out.push({ key: "tokenization", tone: "warn", text: sentence(`The two backends tokenized differently: ${tok.details.join("; ")}`) });
  } else if (tok.details.length > 0) {
    out.push({ key: "tokenization", tone: "note", text: sentence(`Tokenization check: ${tok.details.join("; ")}`) });
  }
  const seqs = result.diff ? (result.diff.output ? [result.diff.output] : result.diff.prompts) : [];
  const nonFinite = seqs.reduce((n, d) => n + d.summary.nonFinite, 0);
  if (nonFinite > 0) {
    out.push({ key: "nonfinite", tone: "warn", text: `${nonFinite} logprob${nonFinite === 1 ? " was" : "s were"} NaN or ±infinity; counted as missing, not compared.` });
  }
  return out;
}

export function ErrorPanel({ result }: { result: CellRunResult }) {
  const messages = runMessages(result);
  if (messages.length === 0) return null;
  return (
    <ul className="out-errors" data-testid="error-panel">
      {messages.map((m) => (
        <li key={m.key} className={`out-msg ${m.tone}`} role={m.tone === "error" ? "alert" : undefined} data-testid={`message-${m.key}`}>
          {visibleProse(m.text)}
        </li>
      ))}
    </ul>
  );
}
