import { z } from "zod";
import type { NotebookDoc } from "../../lib/schemas/notebook";
import { StudioNotebookFile, toNotebookFile } from "../notebooks/files";
import type { Outputs } from "./outputs";
import { assertNoSecrets, redactSecrets } from "./secrets";

export const SHARE_FORMAT = "sglang-studio.share";

/**
 * What a share link shows, frozen at share time: the notebook as a file, with its latest outputs.
 * The source notebook's id is deliberately absent: notebook ids are edit capabilities, and a share
 * link must stay read-only.
 *
 * Extension point: benchmark results join as a further optional field (e.g. `benchmarks`), built next
 * to `notebook` in `buildSnapshot`; being optional, snapshots stored before it keep parsing.
 */
export const ShareSnapshot = z.object({
  format: z.literal(SHARE_FORMAT),
  version: z.literal(1),
  notebook: StudioNotebookFile,
});
export type ShareSnapshot = z.infer<typeof ShareSnapshot>;

/** Builds, redacts and checks a snapshot; returns it with its serialized form (what is stored). */
export function buildSnapshot(
  nb: { title: string; doc: NotebookDoc },
  outputs: Outputs,
  secrets: readonly string[],
): { snapshot: ShareSnapshot; json: string } {
  const raw: ShareSnapshot = { format: SHARE_FORMAT, version: 1, notebook: toNotebookFile(nb, outputs) };
  const snapshot = ShareSnapshot.parse(redactSecrets(raw, secrets));
  const json = JSON.stringify(snapshot);
  assertNoSecrets(json, secrets);
  return { snapshot, json };
}
