"use client";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import type { HealthStatus } from "../../lib/schemas/backend";
import { useTRPC } from "../trpc";

/** Live health of every backend, pushed by the server over the WebSocket subscription (no polling). */
export function useHealth(): { byId: Record<string, HealthStatus>; connected: boolean } {
  const trpc = useTRPC();
  const [byId, setById] = useState<Record<string, HealthStatus>>({});
  const sub = useSubscription(
    trpc.backends.health.subscriptionOptions(undefined, {
      onData: (msg) =>
        setById((prev) => {
          const next = msg.kind === "snapshot" ? {} : { ...prev };
          for (const s of msg.statuses) next[s.backendId] = s;
          return next;
        }),
    }),
  );
  return { byId, connected: sub.status === "pending" };
}
