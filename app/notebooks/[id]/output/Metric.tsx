import type { ReactNode } from "react";

/** One labelled number with its definition one hover away (title), inside a `<dl className="out-metrics">`. */
export function Metric(props: { label: string; definition: string; children: ReactNode; testId?: string; tone?: "bad" | "warn" }) {
  return (
    <div className={`out-metric${props.tone ? ` ${props.tone}` : ""}`} title={props.definition} data-testid={props.testId}>
      <dt>
        <abbr title={props.definition}>{props.label}</abbr>
      </dt>
      <dd>{props.children}</dd>
    </div>
  );
}
