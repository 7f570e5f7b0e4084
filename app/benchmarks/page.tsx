import Link from "next/link";

export default function BenchmarksPage() {
  return (
    <section className="page">
      <h1>Benchmarks</h1>
      <div className="empty">
        <p>No benchmarks yet.</p>
        <p>
          A benchmark is a cell&apos;s exact request run under load against both backends. Open a cell in a{" "}
          <Link href="/notebooks">notebook</Link> and choose “Promote to benchmark”.
        </p>
      </div>
    </section>
  );
}
