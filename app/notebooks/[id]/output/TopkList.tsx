import { knownLogprob, rankOf } from "../../../../lib/diff/topk";
import type { TokenAlt, TokenPosition } from "../../../../lib/schemas/tokens";
import { DEFINITIONS } from "./definitions";
import { fmtDelta, fmtNum } from "./format";
import { VisibleToken } from "./VisibleToken";

type Props = {
  side: "A" | "B";
  name: string;
  own: TokenPosition | undefined;
  other: TokenPosition | undefined;
};

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Highest logprob first; missing logprobs last (they have no rank). */
function sortedAlts(top: readonly TokenAlt[]): TokenAlt[] {
  const key = (a: TokenAlt) => (typeof a.logprob === "number" && Number.isFinite(a.logprob) ? a.logprob : Number.NEGATIVE_INFINITY);
  return [...top].sort((x, y) => key(y) - key(x));
}

/**
 * One side's top-k at a position, with the other side's logprob for each id (when it reported one) and
 * Δ = B − A. The side's own token and the other side's token are marked.
 */
export function TopkList({ side, name, own, other }: Props) {
  if (!own) return <div className="out-topk-side muted">{side} has no token at this position (its sequence is shorter).</div>;
  const rank = rankOf(own.top, own.id);
  return (
    <div className="out-topk-side" data-side={side}>
      <p className="out-topk-head">
        <strong>{side}</strong> <span className="muted">{name}</span>: <code className="tk">
          <VisibleToken text={own.text} id={own.id} />
        </code>{" "}
        <span className="muted">#{own.id}</span> · <abbr title={DEFINITIONS.logprob}>logprob</abbr> {fmtNum(own.logprob)} ·{" "}
        <abbr title={DEFINITIONS.rank}>rank</abbr> {rank ?? (own.top ? "not in top-k" : "no top-k")}
      </p>
      {own.top === null || own.top.length === 0 ? (
        <p className="muted">No top-k from this side here (top-k was 0, or the server sent none for this position).</p>
      ) : (
        <table className="data out-topk-table">
          <thead>
            <tr>
              <th title={DEFINITIONS.rank}>rank</th>
              <th>token</th>
              <th>id</th>
              <th title={DEFINITIONS.logprob}>{side}</th>
              <th title={DEFINITIONS.otherLogprob}>{side === "A" ? "B" : "A"}</th>
              <th title={DEFINITIONS.delta}>Δ</th>
            </tr>
          </thead>
          <tbody>
            {sortedAlts(own.top).map((alt, i) => {
              const mine = typeof alt.logprob === "number" && Number.isFinite(alt.logprob) ? alt.logprob : null;
              const theirs = other ? finite(knownLogprob(other, alt.id)) : null;
              const delta = mine === null || theirs === null ? null : side === "A" ? theirs - mine : mine - theirs;
              const cls = [alt.id === own.id ? "own" : "", other && alt.id === other.id ? "theirs" : ""].join(" ").trim();
              return (
                <tr key={`${alt.id}-${i}`} className={cls || undefined}>
                  <td>{rankOf(own.top, alt.id) ?? "—"}</td>
                  <td>
                    <code className="tk">
                      <VisibleToken text={alt.text} id={alt.id} />
                    </code>
                  </td>
                  <td className="muted">{alt.id}</td>
                  <td>{fmtNum(mine)}</td>
                  <td>{fmtNum(theirs)}</td>
                  <td>{fmtDelta(delta)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
