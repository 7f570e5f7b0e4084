import { saveLabel, type SaveState } from "./saveState";

const TONE: Record<ReturnType<typeof saveLabel>, string> = {
  Saved: "ok",
  "Saving…": "unknown",
  "Unsaved changes": "unknown",
  "Offline — kept locally": "ref",
  "Not saved — fix the cell": "bad",
  Conflict: "bad",
  "Deleted elsewhere": "bad",
};

/** Where the user's edits stand, always visible next to the title. */
export function SaveStatus({ state }: { state: SaveState }) {
  const label = saveLabel(state);
  return (
    <span className="nb-save" role="status" aria-live="polite">
      <span className={`badge ${TONE[label]}`} data-testid="save-status" data-phase={state.phase}>
        <span className="dot" aria-hidden="true" /> {label}
      </span>
      {state.message && (state.phase === "invalid" || state.phase === "offline") && (
        <span className={state.phase === "invalid" ? "error-text" : "muted"} data-testid="save-message">
          {state.phase === "offline" ? "The studio server does not answer; retrying. Your edits are kept in this browser." : state.message}
        </span>
      )}
    </span>
  );
}
