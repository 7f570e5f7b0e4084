import Link from "next/link";
import { BenchmarksList } from "./BenchmarksList";
import styles from "./benchmarks.module.css";

export const metadata = { title: "Benchmarks · SGLang Studio" };

export default function BenchmarksPage() {
  return (
    <section className="page">
      <div className={styles.head}>
        <h1>Benchmarks</h1>
        <span className={styles.grow} />
        <Link href="/benchmarks/new" className="button" data-testid="promote-a-cell">
          Promote a cell…
        </Link>
      </div>
      <BenchmarksList />
    </section>
  );
}
