import type { NotebookDoc } from "../../lib/schemas/notebook";
import { newId } from "../ids";

/** What a new notebook starts with: one runnable score cell, so "Run" works on the first click. */
export function starterDoc(): NotebookDoc {
  return {
    settings: { backendA: null, backendB: null },
    cells: [
      {
        id: newId(6),
        kind: "score",
        query: "Is the following review positive? Answer yes or no. Review:",
        items: [" The food was wonderful and the staff were kind.", " The room was dirty and the service was slow."],
        labels: [" yes", " no"],
        applySoftmax: true,
        itemFirst: false,
        topK: 5,
        rule: { name: "score-gate", maxAbs: 0.02, meanAbs: 0.01 },
      },
    ],
  };
}
