import type { ProfileRecord } from "../schemas/benchmarkRun";
import { labelOfLevel } from "../charts/levels";
import type { RunData } from "../charts/runRows";

/** The words every view of a profile uses (run page, HTML report, timeline hover): one place, one wording. */

/** Hover text of a trace file's size. */
export const PROFILE_FILE_SIZE_DEFINITION = "Size of the trace file once the backend had finished writing it (its size stopped changing), as read on the studio's host.";

/** "sglang · concurrency 16 · trial 2" */
export function profileTitle(run: RunData, p: ProfileRecord): string {
  return `${p.backend} · ${labelOfLevel(run, p.level)}${(run.spec.trials ?? 1) > 1 ? ` · trial ${p.trial + 1}` : ""}`;
}

/** "on this host, under /tmp/…" — where the backend wrote its trace (older runs: from the folder sent). */
export function profileWhere(p: ProfileRecord): string {
  return p.where ?? (p.outputDir ? `under ${p.outputDir}` : "in the backend's default folder");
}

/** "4,812 spans on the timeline, 200 more dropped (only the longest are kept)", or "no spans read". */
export function profileSpansSaid(p: ProfileRecord): string {
  if (p.spans === undefined) return "no spans read";
  const n = p.spans.length;
  return `${n.toLocaleString("en-US")} span${n === 1 ? "" : "s"} on the timeline${p.spansDropped ? `, ${p.spansDropped.toLocaleString("en-US")} more dropped (only the longest are kept)` : ""}`;
}
