"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../trpc";
import styles from "../benchmarks.module.css";

/** Says when the source cell no longer sends this benchmark's request: the benchmark runs its own snapshot regardless. */
export function SourceStatus({ id, notebookId }: { id: string; notebookId: string | null }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.benchmarkViews.sourceStatus.queryOptions({ id }, { staleTime: 30_000 }));
  if (!status.data) return null;
  const s = status.data;
  const tone = s.state === "changed" || s.state === "gone" ? "" : s.state === "same" ? styles.ok : styles.muted;
  return (
    <div className={`${styles.banner} ${tone}`} data-testid="source-status" data-state={s.state}>
      {s.state === "changed" && <b>This benchmark runs its own snapshot; the source cell changed since. </b>}
      {s.message}
      {notebookId && s.state !== "gone" && s.state !== "none" && (
        <>
          {" "}
          <Link href={`/notebooks/${notebookId}`}>Open the notebook</Link>
        </>
      )}
    </div>
  );
}
