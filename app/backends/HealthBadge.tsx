"use client";
import type { HealthStatus } from "../../lib/schemas/backend";

const LATENCY_DEFINITION = "Time from sending GET /health to its complete answer, measured by the studio server.";

export function HealthBadge({ status }: { status: HealthStatus | undefined }) {
  if (!status || status.state === "unknown") {
    return (
      <span className="badge unknown" data-testid="health" data-state="unknown">
        <span className="dot" /> checking…
      </span>
    );
  }
  if (status.state === "healthy") {
    return (
      <span className="badge ok" data-testid="health" data-state="healthy" title={LATENCY_DEFINITION}>
        <span className="dot" /> healthy{status.latencyMs != null ? ` · ${status.latencyMs.toFixed(0)} ms` : ""}
      </span>
    );
  }
  return (
    <span className="stack">
      <span className="badge bad" data-testid="health" data-state="down" title={`down since ${status.since ?? "?"}`}>
        <span className="dot" /> down
      </span>{" "}
      <span className="error-text" data-testid="health-reason">
        {status.error?.message ?? "no answer"}
      </span>
    </span>
  );
}
