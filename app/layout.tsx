import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Footer } from "./components/Footer";
import { Nav } from "./components/Nav";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "SGLang Studio",
  description: "Compare SGLang (PyTorch) and SGLang-JAX token by token, and benchmark them.",
};

// Every page reads live state from the studio server; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <div className="shell">
            <Nav />
            <main className="main">{children}</main>
            <Footer />
          </div>
        </Providers>
      </body>
    </html>
  );
}
