import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "../../server/routers/_app";
import { expect, test } from "./fixtures";

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

const UNREACHABLE = "http://127.0.0.1:9";

async function waitForRun(api: Client, notebookId: string, cellId: string): Promise<void> {
  await expect
    .poll(async () => (await api.cells.runs.query({ notebookId, cellId })).length, { timeout: 60_000, message: `cell ${cellId} never finished` })
    .toBeGreaterThan(0);
}

/**
 * A notebook run for real on two backends (user copies of the reference engines), then the backends
 * are made unreachable, then it is shared: the link must open with the outputs from the snapshot alone.
 */
test.describe("Share links", () => {
  let api: Client;
  let backendIds: string[] = [];
  let notebookId = "";

  test.beforeAll(async () => {
    const url = process.env.STUDIO_E2E_URL;
    if (!url) throw new Error("STUDIO_E2E_URL is not set");
    api = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/api/trpc` })] });
    const refs = (await api.backends.list.query()).filter((b) => b.source === "reference");
    expect(refs).toHaveLength(2);
    const suffix = Date.now().toString(36);
    for (const r of refs) {
      const b = await api.backends.create.mutate({ name: `share-e2e-${r.dialect}-${suffix}`, dialect: r.dialect, baseUrl: r.baseUrl, apiKey: "e2e-secret-key-123", model: null });
      backendIds.push(b.id);
    }
    const nb = await api.notebooks.create.mutate({
      title: "Shared parity check",
      doc: {
        settings: { backendA: backendIds[0] ?? null, backendB: backendIds[1] ?? null },
        cells: [
          { id: "intro", kind: "markdown", source: "## Read me\n\nLook at the **scores**. <b>raw html</b> [bad](javascript:alert(1))" },
          { id: "yesno", kind: "score", query: "Answer yes or no about the fables.\n", items: ["Did the Fox get the grapes? Answer:"], labels: [" yes", " no"] },
          { id: "greedy", kind: "generate", prompt: "The Lion and the Mouse\n", sampling: { maxNewTokens: 12, temperature: 0 } },
        ],
      },
    });
    notebookId = nb.id;
    for (const cell of nb.doc.cells) {
      if (cell.kind === "markdown") continue;
      await api.cells.run.mutate({ notebookId, cellId: cell.id, cell });
      await waitForRun(api, notebookId, cell.id);
    }
    // "stop" the backends: nothing can reach them any more
    for (const id of backendIds) {
      const b = (await api.backends.list.query()).find((x) => x.id === id);
      if (b) await api.backends.update.mutate({ id, patch: { name: b.name, dialect: b.dialect, baseUrl: UNREACHABLE, model: null } });
    }
  });

  test.afterAll(async () => {
    for (const id of backendIds) await api.backends.remove.mutate({ id }).catch(() => undefined);
    backendIds = [];
  });

  test("opens read-only with the outputs, with the backends down; deep links highlight their cell", async ({ page }) => {
    const share = await api.shares.create.mutate({ notebookId });
    const origin = new URL(process.env.STUDIO_E2E_URL as string).origin;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));

    const res = await page.goto(`/s/${share.id}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Shared parity check" })).toBeVisible();
    await expect(page.getByText("read-only snapshot · 3 cells, 2 with outputs")).toBeVisible();
    // outputs are in the server-rendered HTML, not fetched afterwards
    const html = await res!.text();
    expect(html).toContain('data-testid="cell-output"');
    await expect(page.getByTestId("cell-output")).toHaveCount(2);
    await expect(page.locator("#cell-greedy").getByTestId("cell-output")).toContainText(/topk-containment/i);
    await expect(page.getByRole("button", { name: "Apply" })).toHaveCount(0); // read-only: no re-judging
    await expect(page.locator("#cell-greedy")).toContainText("12 positions"); // the tokens came through whole
    // markdown is sanitized: no raw HTML, no javascript: link
    const intro = page.locator("#cell-intro").getByTestId("markdown");
    await expect(intro.locator("strong")).toHaveText("scores");
    await expect(intro.locator("b")).toHaveCount(0);
    await expect(intro.locator("a")).toHaveCount(0);
    await expect(intro).toContainText("<b>raw html</b>");
    // no API key anywhere, and the browser talked to nothing but the studio
    expect(html).not.toContain("e2e-secret-key-123");
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"))).toEqual([]);
    expect(requests.some((u) => u.startsWith(UNREACHABLE))).toBe(false);
    await page.screenshot({ path: "test-results/screens/share-page.png", fullPage: true });

    await page.goto(`/s/${share.id}#cell-greedy`);
    await expect(page.locator("section:target")).toHaveAttribute("id", "cell-greedy");
    await expect(page.locator("#cell-greedy")).toBeInViewport();
  });

  test("Fork makes a new editable notebook with the outputs", async ({ page }) => {
    const share = await api.shares.create.mutate({ notebookId });
    await page.goto(`/s/${share.id}`);
    await page.getByRole("button", { name: "Fork" }).click();
    await expect(page).toHaveURL(/\/notebooks\/[A-Za-z0-9_-]+$/);
    const forkId = new URL(page.url()).pathname.split("/").pop() as string;
    expect(forkId).not.toBe(notebookId);
    const fork = await api.notebooks.get.query({ id: forkId });
    expect(fork.title).toBe("Shared parity check (fork)");
    expect(fork.doc.cells.map((c) => c.id)).toEqual(["intro", "yesno", "greedy"]);
    expect(await api.cells.runs.query({ notebookId: forkId, cellId: "yesno" })).toHaveLength(1);
    expect(await api.cells.runs.query({ notebookId: forkId, cellId: "greedy" })).toHaveLength(1);
  });

  test("a revoked or unknown link answers 404 with a clear message", async ({ page }) => {
    const share = await api.shares.create.mutate({ notebookId });
    expect((await page.goto(`/s/${share.id}`))?.status()).toBe(200);
    await api.shares.revoke.mutate({ notebookId, id: share.id });

    const revoked = await page.goto(`/s/${share.id}`);
    expect(revoked?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Share link not found" })).toBeVisible();
    await expect(page.getByText("revoked by its owner")).toBeVisible();
    await expect(page.getByTestId("cell-output")).toHaveCount(0);

    expect((await page.goto("/s/AAAAAAAAAAAAAAAAAAAAAAAA"))?.status()).toBe(404);
    expect((await page.goto("/s/not%20an%20id"))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Share link not found" })).toBeVisible();
  });
});
