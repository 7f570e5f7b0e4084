import type { SideResult } from "../../../../lib/schemas/cellRun";
import { DEFINITIONS } from "./definitions";
import { describeBackendError } from "./errorText";
import { fmtMs } from "./format";
import { Metric } from "./Metric";
import { visibleProse } from "./tokenText";

/** The stream's time to first token, when the side streamed (generate cells). */
function ttftOf(side: SideResult): number | null {
  for (const ex of side.exchanges) if (ex.timings.firstTokenMs !== null) return ex.timings.firstTokenMs;
  return null;
}

/** One backend of the run: who answered (identity excerpt), how fast, and what failed, in words. */
export function SideTimings({ side }: { side: SideResult }) {
  const idn = side.identity;
  const who = `${side.side.toUpperCase()} (${side.backend.name})`;
  const ttft = ttftOf(side);
  const slowest = side.exchanges.reduce<number | null>((m, ex) => (ex.timings.lastByteMs !== null && (m === null || ex.timings.lastByteMs > m) ? ex.timings.lastByteMs : m), null);
  return (
    <section className="out-side" data-testid={`side-${side.side}`} data-ok={side.ok} aria-label={`Backend ${who}`}>
      <h4>
        <span className={`badge ${side.ok ? "ok" : "bad"}`}>
          <span className="dot" aria-hidden="true" /> {side.side.toUpperCase()}
        </span>{" "}
        {side.backend.name} <span className="muted">{side.backend.dialect}</span>
        {idn?.isReferenceEngine && (
          <span className="badge ref" title="Studio's embedded reference engine: a small deterministic LM serving the SGLang HTTP API, not a real SGLang server.">
            reference engine
          </span>
        )}
      </h4>
      <p className="muted mono out-url">{side.backend.baseUrl}</p>
      {side.error && (
        <p className="error-text" data-testid={`side-error-${side.side}`}>
          {visibleProse(describeBackendError(who, side.error))}
        </p>
      )}
      <dl className="out-metrics">
        <Metric label="latency" definition={DEFINITIONS.latency} testId={`latency-${side.side}`}>
          {fmtMs(side.latencyMs)}
        </Metric>
        {ttft !== null && (
          <Metric label="TTFT" definition={DEFINITIONS.ttft}>
            {fmtMs(ttft)}
          </Metric>
        )}
        <Metric label="slowest call" definition={`${DEFINITIONS.lastByte} Slowest of this side's ${side.exchanges.length} calls.`}>
          {fmtMs(slowest)}
        </Metric>
        {side.scorePromptTokens !== null && (
          <Metric label="score prompt tokens" definition="usage.prompt_tokens as /v1/score reported it.">
            {side.scorePromptTokens}
          </Metric>
        )}
      </dl>
      {idn ? (
        <dl className="kv out-identity" data-testid={`identity-${side.side}`}>
          <dt>version</dt>
          <dd>{idn.version ?? "—"}</dd>
          <dt>model</dt>
          <dd>{idn.servedModel ?? idn.modelPath ?? side.backend.model ?? "—"}</dd>
          <dt>dtype</dt>
          <dd>{idn.dtype ?? "—"}</dd>
        </dl>
      ) : (
        <p className="muted">Identity not read.</p>
      )}
      {idn && idn.errors.length > 0 && <p className="muted">Identity: {visibleProse(idn.errors.join("; "))}</p>}
    </section>
  );
}
