import { BackendsView } from "./BackendsView";

export default function BackendsPage() {
  return (
    <section className="page">
      <h1>Backends</h1>
      <BackendsView />
    </section>
  );
}
