import { DEFINITIONS } from "./definitions";
import type { LiveSide, LiveSides } from "./types";
import { visibleProse } from "./tokenText";

function LiveColumn({ side, live, name }: { side: "A" | "B"; live: LiveSide; name: string | null }) {
  const state = live.error ? "error" : live.done ? "done" : "streaming";
  return (
    <div className="out-live-side" data-testid={`live-${side.toLowerCase()}`} data-state={state}>
      <p className="out-live-head" aria-live="polite">
        <strong>{side}</strong> {name && <span className="muted">{name}</span>} ·{" "}
        <span title={DEFINITIONS.liveTokens} data-testid="live-count">
          {live.tokens.length} tokens
        </span>{" "}
        · {state === "streaming" ? <span className="out-pulse">streaming…</span> : state}
      </p>
      {live.error && (
        <p className="error-text" role="alert">
          {visibleProse(live.error)}
        </p>
      )}
      <pre className="out-text" role="log" aria-label={`${side} output so far`}>
        {visibleProse(live.text)}
      </pre>
    </div>
  );
}

/** Both generate streams growing side by side while the cell runs. */
export function LiveStreams({ live, names }: { live: LiveSides; names?: { a: string; b: string } }) {
  return (
    <div className="out-two out-live" data-testid="live-streams">
      <LiveColumn side="A" live={live.a} name={names?.a ?? null} />
      <LiveColumn side="B" live={live.b} name={names?.b ?? null} />
    </div>
  );
}
