import type { z } from "zod";
import type { GenerateCell, ScoreCell } from "../../../lib/schemas/cell";
import type { CellRunMessage } from "../../../server/notebooks/cellJobs";
import type { withStudioServer } from "../../helpers/studioServer";

type Client = Awaited<ReturnType<typeof withStudioServer>>["client"];

/** Watches a run over the real WebSocket until its last message; resolves with every message in order. */
export function watchRun(client: Client, runId: string, timeoutMs = 60_000): Promise<CellRunMessage[]> {
  return new Promise((resolve, reject) => {
    const got: CellRunMessage[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`run ${runId} did not finish in ${timeoutMs} ms; got ${got.map((m) => m.type).join(", ")}`));
    }, timeoutMs);
    const sub = client.cells.progress.subscribe(
      { runId },
      {
        onData: ({ data }) => {
          got.push(data);
          if (data.type === "finished" || data.type === "failed") {
            clearTimeout(timer);
            sub.unsubscribe();
            resolve(got);
          }
        },
        onError: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      },
    );
  });
}

export function finishedRun(messages: CellRunMessage[]) {
  const last = messages.at(-1);
  if (last?.type !== "finished") throw new Error(`the run did not finish: ${JSON.stringify(last)}`);
  return last.run;
}

export const scoreCell = (id = "score1"): z.input<typeof ScoreCell> => ({
  id,
  kind: "score" as const,
  query: "Is the following review positive? Answer yes or no. Review:",
  items: [" The food was wonderful.", " The room was dirty."],
  labels: [" yes", " no"],
  topK: 5,
});

export const generateCell = (id = "gen1"): z.input<typeof GenerateCell> => ({
  id,
  kind: "generate" as const,
  prompt: "The cat sat on the",
  sampling: { maxNewTokens: 12, temperature: 0 },
  topK: 5,
});
