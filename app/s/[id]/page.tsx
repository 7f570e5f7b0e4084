import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { Cell } from "../../../lib/schemas/cell";
import { serverCaller } from "../../serverCaller";
import { CellInputView } from "./CellInputView";
import { ForkButton } from "./ForkButton";
import { renderMarkdown } from "../../../lib/markdown/render";
import { ReadOnlyOutput } from "./ReadOnlyOutput";
import styles from "./share.module.css";
import { BenchmarkSummaryCard } from "../../benchmarks/BenchmarkSummaryCard";
import { fmtUtc } from "../../../lib/report/format";

type Props = { params: Promise<{ id: string }> };

/** The snapshot, or null for an unknown, revoked or malformed id (all answer 404). Once per request (cache). */
const loadShare = cache(async (id: string) => {
  try {
    return await serverCaller().shares.view({ id });
  } catch (err) {
    // duck-typed: the caller's TRPCError class may come from another copy of @trpc/server than this bundle's
    const code = (err as { code?: unknown }).code;
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") return null;
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const shared = await loadShare((await params).id);
  return { title: shared ? `${shared.title} · shared · SGLang Studio` : "Share link not found · SGLang Studio", robots: { index: false } };
}

function SharedCell({ shareId, cell, output }: { shareId: string; cell: Cell; output: string | undefined }) {
  const title = cell.kind === "markdown" ? null : (cell.title ?? null);
  return (
    <section id={`cell-${cell.id}`} className={styles.cell} aria-label={`${cell.kind} cell ${cell.id}`}>
      <header className={styles.cellHead}>
        <span className="badge">{cell.kind}</span>
        {title && <h2>{title}</h2>}
        <a href={`#cell-${cell.id}`} className={styles.anchor} title="Link to this cell">
          #{cell.id}
        </a>
      </header>
      {cell.kind === "markdown" ? (
        <div className={styles.markdown} data-testid="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(cell.source) }} />
      ) : (
        <>
          <CellInputView cell={cell} />
          <div className={styles.output}>
            {output ? <ReadOnlyOutput wireKey={`${shareId}/${cell.id}`} wire={output} /> : <p className={styles.notice}>This cell had not been run when the notebook was shared.</p>}
          </div>
        </>
      )}
    </section>
  );
}

/** A shared notebook: read-only, rendered here with its outputs, so no backend needs to be up to read it. */
export default async function SharePage({ params }: Props) {
  const { id } = await params;
  const shared = await loadShare(id);
  if (!shared) notFound();
  const outputs = Object.keys(shared.outputs).length;
  return (
    <article className="page">
      <header className={styles.header}>
        <div>
          <h1>{shared.title}</h1>
          <p className="muted">
            Shared {fmtUtc(shared.createdAt)} · read-only snapshot · <abbr title="Cells in the shared notebook (markdown included), and how many carry a stored run result">{shared.cells.length} cells, {outputs} with outputs</abbr>
          </p>
        </div>
        <div>
          <ForkButton shareId={shared.id} />
          <p className={styles.notice}>Fork to edit the cells and run them on your own backends.</p>
        </div>
      </header>
      {shared.cells.map((cell) => (
        <SharedCell key={cell.id} shareId={shared.id} cell={cell} output={shared.outputs[cell.id]} />
      ))}
      {shared.benchmarks.length > 0 && (
        <section aria-label="Benchmarks" data-testid="shared-benchmarks">
          <h2>Benchmarks of this notebook</h2>
          {shared.benchmarks.map((card) => (
            <BenchmarkSummaryCard key={card.id} card={card} />
          ))}
        </section>
      )}
    </article>
  );
}
