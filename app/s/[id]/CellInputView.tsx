import type { GenerateCell, ScoreCell } from "../../../lib/schemas/cell";
import type { ParityRule } from "../../../lib/schemas/parity";
import styles from "./share.module.css";

/** "score-gate (maxAbs 0.02, meanAbs 0.01)": the rule a verdict was judged by, with its parameters. */
function ruleText(rule: ParityRule): string {
  const params = Object.entries(rule).filter(([k]) => k !== "name");
  return params.length === 0 ? rule.name : `${rule.name} (${params.map(([k, v]) => `${k} ${String(v)}`).join(", ")})`;
}

const quoted = (s: string) => JSON.stringify(s);

function ScoreInputs({ cell }: { cell: ScoreCell }) {
  return (
    <dl className="kv">
      <dt>query</dt>
      <dd className={styles.text}>{cell.query}</dd>
      <dt>items</dt>
      <dd>
        <ol className={styles.items} start={0}>
          {cell.items.map((item, i) => (
            <li key={i} className={styles.text}>
              {item}
            </li>
          ))}
        </ol>
      </dd>
      <dt>labels</dt>
      <dd>{cell.labels.map((l) => (typeof l === "string" ? quoted(l) : `id ${l}`)).join(", ")}</dd>
      <dt>options</dt>
      <dd>
        apply_softmax {String(cell.applySoftmax)} · item_first {String(cell.itemFirst)} · top-k {cell.topK}
      </dd>
      <dt>rule</dt>
      <dd>{ruleText(cell.rule)}</dd>
    </dl>
  );
}

function GenerateInputs({ cell }: { cell: GenerateCell }) {
  const s = cell.sampling;
  const sampling = [
    `max_new_tokens ${s.maxNewTokens}`,
    `temperature ${s.temperature}${s.temperature === 0 ? " (greedy)" : ""}`,
    s.topP === undefined ? null : `top_p ${s.topP}`,
    s.topK === undefined ? null : `top_k ${s.topK}`,
    s.seed === undefined ? null : `seed ${s.seed}`,
    s.stop?.length ? `stop ${s.stop.map(quoted).join(", ")}` : null,
  ].filter((x) => x !== null);
  return (
    <dl className="kv">
      <dt>prompt</dt>
      <dd className={styles.text}>{cell.prompt}</dd>
      <dt>sampling</dt>
      <dd>{sampling.join(" · ")}</dd>
      <dt>logprobs</dt>
      <dd>top-k {cell.topK}</dd>
      <dt>rule</dt>
      <dd>{ruleText(cell.rule)}</dd>
    </dl>
  );
}

/** A runnable cell's inputs, read-only: what both backends were asked. */
export function CellInputView({ cell }: { cell: ScoreCell | GenerateCell }) {
  return cell.kind === "score" ? <ScoreInputs cell={cell} /> : <GenerateInputs cell={cell} />;
}
