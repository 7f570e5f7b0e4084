"use client";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { CellRunMessage } from "../../../server/notebooks/cellJobs";
import { useTRPC } from "../../trpc";

/**
 * Follows one run's progress over the WebSocket (backlog first, then live, then the stored result).
 * Renders nothing; one per running cell. Reconnects resume after the last message (tracked ids).
 */
export function RunWatcher({ runId, onMessage, onError }: { runId: string; onMessage(runId: string, m: CellRunMessage): void; onError(runId: string, message: string): void }) {
  const trpc = useTRPC();
  useSubscription(
    trpc.cells.progress.subscriptionOptions(
      { runId },
      {
        onData: (tracked) => onMessage(runId, tracked.data),
        onError: (err) => onError(runId, `lost the run's progress: ${err.message}`),
      },
    ),
  );
  return null;
}
