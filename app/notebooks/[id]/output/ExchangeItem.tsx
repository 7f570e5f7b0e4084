"use client";
import { useState } from "react";
import type { Exchange } from "../../../../lib/schemas/exchange";
import { CopyButton } from "./CopyButton";
import { DEFINITIONS } from "./definitions";
import { curlText, requestText, responseText } from "./exchangeText";
import { fmtMs } from "./format";
import { visibleProse } from "./tokenText";

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** One recorded call: the exact request and the raw response, rendered only while open (they can be large). */
export function ExchangeItem({ ex, side }: { ex: Exchange; side: string }) {
  const [open, setOpen] = useState(false);
  const res = ex.response;
  const t = ex.timings;
  return (
    <details className="out-exchange" data-testid="exchange" data-side={side} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="out-ex-label">{ex.label}</span> <code>
          {ex.request.method} {pathOf(ex.request.url)}
        </code>{" "}
        {res ? <span className={res.status >= 400 ? "error-text" : "muted"}>HTTP {res.status}</span> : <span className="error-text">no response</span>}{" "}
        <span className="muted" title={DEFINITIONS.lastByte}>
          {fmtMs(t.lastByteMs)}
        </span>
        {ex.error && <span className="error-text"> · {visibleProse(ex.error.message)}</span>}
      </summary>
      {open && (
        <div className="out-ex-body">
          <dl className="kv out-ex-timings">
            <dt>sent at</dt>
            <dd>{ex.sentAt}</dd>
            <dt title={DEFINITIONS.headers}>headers</dt>
            <dd>{fmtMs(t.headersMs)}</dd>
            <dt title={DEFINITIONS.firstByte}>first byte</dt>
            <dd>{fmtMs(t.firstByteMs)}</dd>
            {t.firstTokenMs !== null && (
              <>
                <dt title={DEFINITIONS.ttft}>first token (TTFT)</dt>
                <dd>{fmtMs(t.firstTokenMs)}</dd>
              </>
            )}
            <dt title={DEFINITIONS.lastByte}>last byte</dt>
            <dd>{fmtMs(t.lastByteMs)}</dd>
            <dt title="Pieces of the body as they arrived from the network, each with its arrival time (for a stream, one or more SSE events each).">chunks</dt>
            <dd>{t.chunkMs.length}</dd>
          </dl>
          <div className="out-ex-part">
            <div className="out-ex-tools">
              <strong>Request</strong> <CopyButton text={requestText(ex.request)} label="Copy request" testId="copy-request" />
              <CopyButton text={curlText(ex.request)} label="Copy as curl" />
              <span className="muted">shown pretty-printed; Copy gives the exact bytes sent</span>
              {ex.request.bodyTruncated && <span className="muted">body cut for storage; the server received all of it</span>}
            </div>
            <pre className="out-raw">{visibleProse(requestText(ex.request, true))}</pre>
          </div>
          <div className="out-ex-part">
            <div className="out-ex-tools">
              <strong>Response</strong>
              {res && <CopyButton text={responseText(res)} label="Copy response" testId="copy-response" />}
              {res && <span className="muted">{res.contentType ?? "no content type"} · <abbr title="Length of the whole response body in characters, as received (the stored copy may be cut; Studio parsed all of it).">{res.totalChars.toLocaleString("en-US")} chars</abbr></span>}
              {res?.truncated && <span className="muted">cut for storage; Studio parsed all of it</span>}
            </div>
            {res ? <pre className="out-raw">{visibleProse(responseText(res))}</pre> : <p className="error-text">{visibleProse(ex.error?.message ?? "No response arrived.")}</p>}
          </div>
        </div>
      )}
    </details>
  );
}
