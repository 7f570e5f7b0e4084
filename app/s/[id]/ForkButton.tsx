"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../../trpc";

/** Copies the shared snapshot (cells and outputs) into a new notebook of one's own and opens it. */
export function ForkButton({ shareId }: { shareId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const fork = useMutation(trpc.shares.fork.mutationOptions({ onSuccess: (nb) => router.push(`/notebooks/${nb.id}`) }));
  return (
    <div className="row-actions">
      <button className="primary" onClick={() => fork.mutate({ id: shareId })} disabled={fork.isPending || fork.isSuccess}>
        {fork.isPending || fork.isSuccess ? "Forking…" : "Fork"}
      </button>
      {fork.error && (
        <span className="error-text" role="alert">
          Fork failed: {fork.error.message}
        </span>
      )}
    </div>
  );
}
