import { z } from "zod";
import type { BenchmarkCardData } from "../../lib/report/card";
import type { NotebookDoc } from "../../lib/schemas/notebook";
import { StudioNotebookFile, toNotebookFile } from "../notebooks/files";
import type { Outputs } from "./outputs";
import { assertNoSecrets, redactSecrets } from "./secrets";

export const SHARE_FORMAT = "sglang-studio.share";

/**
 * What a share link shows, frozen at share time: the notebook as a file, with its latest outputs.
 * The source notebook's id is deliberately absent: notebook ids are edit capabilities, and a share
 * link must stay read-only.
 * `benchmarks` holds the summary cards (latest verdict, key numbers, history) of the benchmarks promoted
 * from the notebook's cells, as they were at share time; cards are built by our own code from validated
 * runs, so they are checked for shape only.
 */
export const ShareSnapshot = z.object({
  format: z.literal(SHARE_FORMAT),
  version: z.literal(1),
  notebook: StudioNotebookFile,
  benchmarks: z.array(z.custom<BenchmarkCardData>((v) => typeof v === "object" && v !== null && "name" in v)).default([]),
});
export type ShareSnapshot = z.infer<typeof ShareSnapshot>;

/** Builds, redacts and checks a snapshot; returns it with its serialized form (what is stored). */
export function buildSnapshot(
  nb: { title: string; doc: NotebookDoc },
  outputs: Outputs,
  secrets: readonly string[],
  benchmarks: BenchmarkCardData[] = [],
): { snapshot: ShareSnapshot; json: string } {
  const raw: ShareSnapshot = { format: SHARE_FORMAT, version: 1, notebook: toNotebookFile(nb, outputs), benchmarks };
  const snapshot = ShareSnapshot.parse(redactSecrets(raw, secrets));
  const json = JSON.stringify(snapshot);
  assertNoSecrets(json, secrets);
  return { snapshot, json };
}
