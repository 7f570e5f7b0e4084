/**
 * Ctrl-C and SIGTERM for a long-running command (the studio, `bench run`). A terminal sends SIGINT to the
 * whole process group, and npm/tsx relay it again, so one Ctrl-C can reach node twice within milliseconds:
 * that copy must not count as a second Ctrl-C. A signal more than SECOND_SIGNAL_MS after the first is one
 * (the user asking to stop now, past a wind-down that hangs).
 */
export const SECOND_SIGNAL_MS = 500;

type Signal = "SIGINT" | "SIGTERM";

/** `stop` on the first signal, `force` on a real second one; returns the function that removes the handlers. */
export function onStopSignals(stop: (signal: Signal) => void, force: (signal: Signal) => void): () => void {
  let firstAt: number | null = null;
  const handler = (signal: Signal) => {
    const now = performance.now();
    if (firstAt === null) {
      firstAt = now;
      stop(signal);
    } else if (now - firstAt > SECOND_SIGNAL_MS) force(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
