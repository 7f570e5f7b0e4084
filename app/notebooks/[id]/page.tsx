import { NotebookEditor } from "./NotebookEditor";

export default async function NotebookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <section className="page">
      <NotebookEditor id={id} />
    </section>
  );
}
