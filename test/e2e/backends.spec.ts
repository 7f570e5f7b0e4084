import { expect, test } from "./fixtures";

test.describe("Backends page", () => {
  test("lists the reference engines as healthy, with their identity", async ({ page }) => {
    await page.goto("/backends");
    const rows = page.getByTestId("backend-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("reference engine");
    for (const row of await rows.all()) await expect(row.getByTestId("health")).toHaveAttribute("data-state", "healthy");
    await rows.first().getByRole("button", { name: "Identity" }).click();
    await expect(page.getByTestId("identity")).toContainText("studio/reference");
    await expect(page.getByTestId("studio-commit")).not.toBeEmpty();
    await page.screenshot({ path: "test-results/screens/backends-reference.png", fullPage: true });
  });

  test("add with a bad URL shows a field error; add, see health, edit, remove", async ({ page }) => {
    await page.goto("/backends");
    const engineUrl = (await page.getByTestId("backend-row").first().locator("td.mono").first().textContent())!.trim();

    await page.getByRole("button", { name: "Add backend" }).click();
    const form = page.getByRole("form", { name: "Add a backend" });
    await form.getByLabel("Name").fill("my-sglang");
    await form.getByLabel("Base URL").fill("localhost:30000");
    await form.getByRole("button", { name: "Add backend" }).click();
    await expect(form.getByTestId("error-baseUrl")).toContainText("http://");

    await form.getByLabel("Base URL").fill(engineUrl);
    await form.getByLabel(/API key/).fill("s3cret-key");
    await form.getByRole("button", { name: "Add backend" }).click();
    const mine = page.locator('[data-testid="backend-row"][data-name="my-sglang"]');
    await expect(mine).toBeVisible();
    await expect(mine.getByTestId("health")).toHaveAttribute("data-state", "healthy");
    await expect(mine).toContainText("set");
    expect(await page.content()).not.toContain("s3cret-key");

    await mine.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit my-sglang" });
    await edit.getByLabel("Name").fill("my-down-backend");
    await edit.getByLabel("Base URL").fill("http://127.0.0.1:9");
    await edit.getByRole("button", { name: "Save" }).click();
    const edited = page.locator('[data-testid="backend-row"][data-name="my-down-backend"]');
    await expect(edited.getByTestId("health")).toHaveAttribute("data-state", "down");
    await expect(edited.getByTestId("health-reason")).toContainText(/refused|reach/i);
    await page.screenshot({ path: "test-results/screens/backends-down.png", fullPage: true });

    page.once("dialog", (d) => void d.accept());
    await edited.getByRole("button", { name: "Remove" }).click();
    await expect(edited).toHaveCount(0);
  });

  test("the shell links to every section", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/notebooks$/);
    await page.getByRole("link", { name: "Benchmarks" }).click();
    await expect(page.getByRole("heading", { name: "Benchmarks" })).toBeVisible();
    await page.getByRole("link", { name: "Backends" }).click();
    await expect(page.getByRole("heading", { name: "Backends" })).toBeVisible();
  });
});
