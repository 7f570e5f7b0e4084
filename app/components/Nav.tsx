"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/notebooks", label: "Notebooks" },
  { href: "/benchmarks", label: "Benchmarks" },
  { href: "/backends", label: "Backends" },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <header className="nav">
      <Link href="/notebooks" className="brand">
        SGLang Studio
      </Link>
      <nav aria-label="Main">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} className={pathname.startsWith(l.href) ? "active" : undefined} aria-current={pathname.startsWith(l.href) ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
