import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const SCREENS = "test-results/screens";

/** Replaces the text of a Monaco field by typing, as a user would. */
async function typeInto(page: Page, field: Locator, text: string) {
  await field.locator(".monaco-editor").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

async function newNotebook(page: Page): Promise<string> {
  await page.goto("/notebooks");
  await page.getByTestId("new-notebook").click();
  await expect(page).toHaveURL(/\/notebooks\/[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/);
  return page.url();
}

/** The notebook as stored on the server (what autosave wrote). */
async function storedNotebook(page: Page): Promise<{ title: string; doc: { cells: Record<string, unknown>[] } }> {
  const id = new URL(page.url()).pathname.split("/").pop() as string;
  const res = await page.request.get(`/api/trpc/notebooks.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { result: { data: { title: string; doc: { cells: Record<string, unknown>[] } } } }).result.data;
}

async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-status")).toHaveText(/Saved/, { timeout: 10_000 });
}

/** Records, in the page, the most tokens the live view ever showed (a run can end before a poll would see it). */
async function watchLiveTokens(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __maxLive: number };
    w.__maxLive = 0;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="live-count"]')) {
        w.__maxLive = Math.max(w.__maxLive, Number.parseInt(el.textContent ?? "0", 10) || 0);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

test.describe("Notebook page", () => {
  test("score cell: run on both engines, differing scores, switch the rule, open the first divergence; results survive a reload", async ({ page }) => {
    await newNotebook(page);
    await page.getByTestId("add-score").click();
    const cell = page.getByTestId("cell").nth(1);
    await expect(cell).toHaveAttribute("data-kind", "score");
    await typeInto(page, cell.getByTestId("field-query"), "Is this review positive? Answer yes or no. Review:");
    await expect(cell.getByTestId("cell-issues")).toHaveCount(0);
    await waitSaved(page);
    expect((await storedNotebook(page)).doc.cells[1]).toMatchObject({ query: "Is this review positive? Answer yes or no. Review:" });

    await page.keyboard.press("Shift+Enter"); // runs the cell from inside the editor
    const verdict = cell.getByTestId("verdict");
    await expect(verdict).toHaveAttribute("data-rule", "score-gate", { timeout: 30_000 });
    await expect(cell.getByTestId("score-row")).toHaveCount(2);
    // float32 vs bfloat16: the two engines' scores differ somewhere
    const deltas = await cell.getByTestId("score-delta").allTextContents();
    expect(deltas.some((d) => /[1-9]/.test(d)), `score deltas: ${deltas.join(" ")}`).toBe(true);
    await page.screenshot({ path: `${SCREENS}/notebook-score-run.png`, fullPage: true });

    await cell.getByTestId("rule-select").selectOption("bitwise");
    await expect(verdict).toHaveAttribute("data-rule", "bitwise");
    await expect(verdict).toHaveAttribute("data-status", "fail");
    await cell.getByTestId("first-divergence").first().click();
    await expect(cell.getByTestId("topk-compare").first()).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/notebook-score-divergence.png`, fullPage: true });

    await waitSaved(page); // the rule choice is saved in the cell
    await page.reload();
    const again = page.getByTestId("cell").nth(1);
    await expect(again.getByTestId("verdict")).toHaveAttribute("data-rule", "bitwise");
    await expect(again.getByTestId("shown-run")).toContainText("latest");
    await expect(page.getByTestId("draft-banner")).toHaveCount(0);

    await again.getByTestId("history-button").click();
    await expect(again.getByTestId("history-item")).toHaveCount(1);
  });

  test("generate cell: live tokens stream from both engines, then the result; rule switch renames the verdict", async ({ page }) => {
    await newNotebook(page);
    await page.getByTestId("add-generate").click();
    const cell = page.getByTestId("cell").nth(1);
    await typeInto(page, cell.getByTestId("field-prompt"), "The history of the city begins");
    await cell.getByTestId("field-max-new-tokens").fill("96");
    await waitSaved(page);
    // fast typing into Monaco loses nothing on its way to the server
    expect((await storedNotebook(page)).doc.cells[1]).toMatchObject({ prompt: "The history of the city begins", sampling: { maxNewTokens: 96 } });

    await watchLiveTokens(page);
    await cell.getByTestId("run-cell").click();
    const verdict = cell.getByTestId("verdict");
    await expect(verdict).toHaveAttribute("data-rule", "topk-containment", { timeout: 60_000 });
    const maxLive = await page.evaluate(() => (window as unknown as { __maxLive: number }).__maxLive);
    expect(maxLive, "tokens were shown live before the result").toBeGreaterThan(0);
    await expect(cell.getByTestId("output-a")).toBeVisible();
    await expect(cell.getByTestId("output-b")).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/notebook-generate-run.png`, fullPage: true });
    // a click on the Δ plot picks the position under the pointer and opens its top-k in the strip
    const plot = cell.getByTestId("delta-plot").first();
    await expect(plot.locator("svg")).toBeVisible();
    await expect(cell.getByTestId("topk-compare")).toHaveCount(0);
    await plot.locator("svg").click();
    await expect(cell.getByTestId("topk-compare").first()).toBeVisible();

    await cell.getByTestId("rule-select").selectOption("bitwise");
    await expect(verdict).toHaveAttribute("data-rule", "bitwise");
    await cell.getByTestId("first-divergence").first().click();
    await expect(cell.getByTestId("topk-compare").first()).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/notebook-generate-divergence.png`, fullPage: true });
  });

  test("two browser contexts edit one notebook: the stale save shows both versions and keeps both", async ({ page, browser }) => {
    const url = await newNotebook(page);
    const other = await browser.newContext();
    try {
      const page2 = await other.newPage();
      await page2.goto(url);
      await expect(page2.getByTestId("save-status")).toHaveText(/Saved/);

      await page.getByTestId("notebook-title").fill("Edited in tab one");
      await waitSaved(page);

      await page2.getByTestId("add-markdown").click();
      await page2.getByTestId("notebook-title").fill("Edited in tab two");
      const banner = page2.getByTestId("conflict-banner");
      await expect(banner).toBeVisible();
      await expect(page2.getByTestId("save-status")).toHaveText("Conflict");
      await expect(banner.getByTestId("version-mine")).toContainText("Edited in tab two");
      await expect(banner.getByTestId("version-mine").getByTestId("cell-count")).toHaveText("2");
      await expect(banner.getByTestId("version-theirs")).toContainText("Edited in tab one");
      await expect(banner.getByTestId("version-theirs").getByTestId("cell-count")).toHaveText("1");
      await page2.screenshot({ path: `${SCREENS}/notebook-conflict.png`, fullPage: true });

      await banner.getByRole("button", { name: "Save mine as a copy" }).click();
      await expect(page2.getByTestId("copy-saved")).toBeVisible();
      await expect(page2.getByTestId("notebook-title")).toHaveValue("Edited in tab one");

      await page.goto("/notebooks");
      await expect(page.locator('[data-testid="notebook-row"][data-title="Edited in tab one"]')).toHaveCount(1);
      await expect(page.locator('[data-testid="notebook-row"][data-title="Edited in tab two (my version)"]')).toHaveCount(1);
    } finally {
      await other.close();
    }
  });

  test("deleted in another tab while being edited: restore brings it back with my edits", async ({ page, browser }) => {
    const url = await newNotebook(page);
    await page.getByTestId("notebook-title").fill("Doomed notebook");
    await waitSaved(page);
    const other = await browser.newContext();
    try {
      const page2 = await other.newPage();
      await page2.goto("/notebooks");
      await page2.locator('[data-testid="notebook-row"][data-title="Doomed notebook"]').getByRole("button", { name: "Delete Doomed notebook" }).click();
      await expect(page2.getByTestId("undo-bar")).toBeVisible();
    } finally {
      await other.close();
    }
    await page.getByTestId("add-markdown").click();
    const banner = page.getByTestId("deleted-banner");
    await expect(banner).toBeVisible();
    await expect(page.getByTestId("save-status")).toHaveText("Deleted elsewhere");
    await banner.getByRole("button", { name: "Restore it with my edits" }).click();
    await waitSaved(page);
    const stored = await storedNotebook(page);
    expect(stored.title).toBe("Doomed notebook");
    expect(stored.doc.cells.map((c) => c.kind)).toEqual(["score", "markdown"]);
    expect(page.url()).toBe(url);
  });

  test("run all runs every compare cell; leaving and coming back shows the stored results and saves cleanly", async ({ page }) => {
    await newNotebook(page);
    await page.getByTestId("add-generate").click();
    await page.getByTestId("add-markdown").click();
    await waitSaved(page);
    await page.getByTestId("run-all").click();
    const cells = page.getByTestId("cell");
    await expect(cells.nth(0).getByTestId("verdict")).toBeVisible({ timeout: 60_000 });
    await expect(cells.nth(1).getByTestId("verdict")).toBeVisible({ timeout: 60_000 });
    await expect(cells.nth(2).getByTestId("verdict")).toHaveCount(0);

    await page.getByRole("link", { name: "Notebooks" }).click();
    await page.getByTestId("notebook-row").first().getByRole("link").click();
    await expect(page.getByTestId("cell").nth(1).getByTestId("verdict")).toBeVisible();
    await page.getByTestId("notebook-title").fill("Came back");
    await waitSaved(page);
    await expect(page.getByTestId("conflict-banner")).toHaveCount(0);
  });

  test("edits made while the server cannot be reached are kept in the browser and restored after a reload", async ({ page }) => {
    await newNotebook(page);
    const blockSaves = (route: import("@playwright/test").Route) => route.abort("connectionrefused");
    const isSave = (u: URL) => u.pathname.includes("notebooks.save");
    await page.route(isSave, blockSaves);
    await page.getByTestId("notebook-title").fill("Written while offline");
    await expect(page.getByTestId("save-status")).toHaveText(/Offline — kept locally/);

    await page.reload();
    const banner = page.getByTestId("draft-banner");
    await expect(banner).toContainText("Written while offline");
    await page.unroute(isSave, blockSaves);
    await banner.getByRole("button", { name: "Restore them" }).click();
    await expect(page.getByTestId("notebook-title")).toHaveValue("Written while offline");
    await waitSaved(page);
    await page.reload();
    await expect(page.getByTestId("notebook-title")).toHaveValue("Written while offline");
    await expect(page.getByTestId("draft-banner")).toHaveCount(0);
  });

  test("notebooks list: search, rename, duplicate, delete with undo", async ({ page }) => {
    await newNotebook(page);
    await page.getByTestId("notebook-title").fill("Ranking check");
    await waitSaved(page);
    await page.goto("/notebooks");
    const row = page.locator('[data-testid="notebook-row"][data-title="Ranking check"]');
    await row.getByRole("button", { name: "Rename Ranking check" }).click();
    await page.getByLabel("New title").fill("Ranking parity");
    await page.getByLabel("New title").press("Enter");
    const renamed = page.locator('[data-testid="notebook-row"][data-title="Ranking parity"]');
    await expect(renamed).toHaveCount(1);
    await renamed.getByRole("button", { name: "Duplicate Ranking parity" }).click();
    await expect(page.locator('[data-testid="notebook-row"][data-title="Ranking parity (copy)"]')).toHaveCount(1);

    await page.getByLabel("Search notebooks by title").fill("parity (copy)");
    await expect(page.getByTestId("notebook-row")).toHaveCount(1);
    await page.getByLabel("Search notebooks by title").fill("");

    await renamed.getByRole("button", { name: "Delete Ranking parity" }).click();
    await expect(renamed).toHaveCount(0);
    await page.getByTestId("undo-bar").getByRole("button", { name: "Undo" }).click();
    await expect(renamed).toHaveCount(1);
    await page.screenshot({ path: `${SCREENS}/notebooks-list.png`, fullPage: true });
  });
});
