import { tokenLabelSegments } from "./tokenText";

/** A token's text as React text, whitespace and controls shown as dimmed markers. Never HTML. */
export function VisibleToken({ text, id }: { text: string | null; id: number | null }) {
  return (
    <>
      {tokenLabelSegments(text, id).map((s, i) =>
        s.marker ? (
          <span key={i} className="tk-mark">
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
