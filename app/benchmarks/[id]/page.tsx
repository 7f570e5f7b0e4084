import { BenchmarkDetail } from "./BenchmarkDetail";

export const metadata = { title: "Benchmark · SGLang Studio" };

export default async function BenchmarkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <section className="page">
      <BenchmarkDetail id={id} />
    </section>
  );
}
