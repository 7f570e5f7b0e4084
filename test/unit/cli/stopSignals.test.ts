import { describe, expect, it } from "vitest";
import { onStopSignals, SECOND_SIGNAL_MS } from "../../../server/stopSignals";

describe("stop signals", () => {
  it("stops on the first signal, ignores its relayed copy, and forces on a real second one", async () => {
    const seen: string[] = [];
    const off = onStopSignals(
      (s) => seen.push(`stop ${s}`),
      (s) => seen.push(`force ${s}`),
    );
    try {
      process.emit("SIGINT", "SIGINT");
      process.emit("SIGINT", "SIGINT"); // the same Ctrl-C, relayed by npm/tsx
      expect(seen).toEqual(["stop SIGINT"]);
      await new Promise((r) => setTimeout(r, SECOND_SIGNAL_MS + 100));
      process.emit("SIGTERM", "SIGTERM");
      expect(seen).toEqual(["stop SIGINT", "force SIGTERM"]);
    } finally {
      off();
    }
    process.emit("SIGINT", "SIGINT"); // removed: nothing more
    expect(seen).toHaveLength(2);
  });
});
