"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "../server/routers/_app";
import { TRPCProvider } from "./trpc";

// Same origin as the page. The WebSocket opens lazily (on the first subscription), so rendering on the
// server — where there is no window — never opens one.
const wsUrl = () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/trpc-ws`;

function makeClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: createWSClient({ url: wsUrl, lazy: { enabled: true, closeMs: 10_000 } }) }),
        false: httpBatchLink({ url: "/api/trpc" }),
      }),
    ],
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(makeClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
