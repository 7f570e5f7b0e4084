import type { Exchange } from "../../../../lib/schemas/exchange";
import { ExchangeItem } from "./ExchangeItem";

export type ExchangeGroup = { side: string; title: string; exchanges: readonly Exchange[] };

/** Every call of the run, per backend: the exact request sent and the raw response, copyable. */
export function ExchangeViewer({ groups }: { groups: readonly ExchangeGroup[] }) {
  return (
    <section className="out-exchanges" data-testid="exchanges" aria-label="Requests and responses">
      <h3>
        Requests and responses <span className="muted">({groups.reduce((n, g) => n + g.exchanges.length, 0)} calls; open one to see and copy it)</span>
      </h3>
      <div className="out-two">
        {groups.map((g) => (
          <section key={g.side + g.title} aria-label={g.title}>
            <h4>{g.title}</h4>
            {g.exchanges.length === 0 ? <p className="muted">No calls were made.</p> : g.exchanges.map((ex, i) => <ExchangeItem key={i} ex={ex} side={g.side} />)}
          </section>
        ))}
      </div>
    </section>
  );
}
