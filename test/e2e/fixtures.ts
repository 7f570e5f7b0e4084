import { test as base, expect } from "@playwright/test";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === "data:" || u.protocol === "blob:") return true;
  return LOCAL_HOSTS.has(u.hostname);
}

/**
 * Every e2e test runs against the studio started by globalSetup, and FAILS if the page asks for anything
 * outside localhost (no CDN, no fonts, no telemetry): such requests are blocked and recorded.
 */
export const test = base.extend<{ externalRequests: string[] }>({
  baseURL: async ({}, use) => {
    const url = process.env.STUDIO_E2E_URL;
    if (!url) throw new Error("STUDIO_E2E_URL is not set: run through `npm run test:e2e` (globalSetup starts the studio)");
    await use(url);
  },
  externalRequests: async ({ context }, use) => {
    const external: string[] = [];
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (!isLocal(url)) external.push(url); // recorded first: the guard holds even if the abort races
      try {
        if (isLocal(url)) await route.continue();
        else await route.abort("blockedbyclient");
      } catch (err) {
        // A test's own page.route handled it first (e.g. it aborted saves and then unrouted): that is fine.
        if (!String(err).includes("already handled")) throw err;
      }
    });
    await use(external);
    expect(external, "the page requested something outside localhost").toEqual([]);
  },
  page: async ({ page, externalRequests }, use) => {
    // WebSockets are not routed; record any that leave the machine
    page.on("websocket", (ws) => {
      if (!isLocal(ws.url())) externalRequests.push(ws.url());
    });
    await use(page);
  },
});

export { expect };
