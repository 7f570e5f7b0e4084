import Link from "next/link";
import styles from "../benchmarks.module.css";
import { PickCell } from "./PickCell";

export const metadata = { title: "Promote a cell · Benchmarks · SGLang Studio" };

export default async function NewBenchmarkPage({ searchParams }: { searchParams: Promise<{ notebook?: string }> }) {
  const { notebook } = await searchParams;
  return (
    <section className="page">
      <div className={styles.head}>
        <h1>Promote a cell to a benchmark</h1>
        <span className={styles.grow} />
        <Link href="/benchmarks">All benchmarks</Link>
      </div>
      <PickCell initialNotebook={notebook ?? null} />
    </section>
  );
}
