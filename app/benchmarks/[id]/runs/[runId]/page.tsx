import { RunView } from "./RunView";

export const metadata = { title: "Benchmark run · SGLang Studio" };

export default async function RunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { id, runId } = await params;
  return (
    <section className="page">
      <RunView benchmarkId={id} runId={runId} />
    </section>
  );
}
