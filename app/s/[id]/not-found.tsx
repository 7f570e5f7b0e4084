import Link from "next/link";

export default function ShareNotFound() {
  return (
    <section className="page">
      <h1>Share link not found</h1>
      <div className="empty">
        <p>There is no shared notebook at this link: it was revoked by its owner, or the link is incomplete.</p>
        <p>
          Ask the person who sent it for a new link, or go to your <Link href="/notebooks">notebooks</Link>.
        </p>
      </div>
    </section>
  );
}
