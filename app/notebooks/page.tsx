import Link from "next/link";

export default function NotebooksPage() {
  return (
    <section className="page">
      <h1>Notebooks</h1>
      <div className="empty">
        <p>No notebooks yet.</p>
        <p>
          A notebook holds cells that send the same scoring or generation request to two backends at once and show,
          token by token, where their logprobs differ. Check that two backends are up on the{" "}
          <Link href="/backends">Backends</Link> page first.
        </p>
      </div>
    </section>
  );
}
