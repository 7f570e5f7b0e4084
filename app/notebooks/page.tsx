import { NotebooksView } from "./NotebooksView";

export default function NotebooksPage() {
  return (
    <section className="page">
      <h1>Notebooks</h1>
      <NotebooksView />
    </section>
  );
}
