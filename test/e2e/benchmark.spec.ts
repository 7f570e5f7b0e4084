import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * Promote a cell to a benchmark and run it against the two embedded reference engines: live progress,
 * every chart with data, a baseline, a second run judged against it, and the HTML report opened from
 * disk with the network blocked. (The notebook page does not mount PromoteButton yet, so the cell is
 * promoted from /benchmarks/new, which shows the same button and dialog for each cell.)
 */

const SCREENS = "test-results/screens";
const REQUESTS = 20;

async function trpcMutation<T>(page: Page, proc: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${proc}`, { data: input });
  expect(res.ok(), `${proc}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** Records in the page the most requests any progress row ever showed as done (a poll could miss a fast run). */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __maxDone: number; __updates: number };
    w.__maxDone = 0;
    w.__updates = 0;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="progress-row"]')) {
        const done = Number(el.getAttribute("data-done") ?? 0);
        if (done > 0 && el.getAttribute("data-state") === "running") w.__updates++;
        w.__maxDone = Math.max(w.__maxDone, done);
      }
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
}

async function waitRunEnd(page: Page) {
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", /^(done|failed|cancelled|interrupted)$/, { timeout: 180_000 });
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("run-results")).toBeVisible({ timeout: 30_000 });
}

async function expectAllCharts(page: Page) {
  const charts = page.getByTestId("chart");
  await expect(charts).toHaveCount(5);
  for (const key of ["ecdf", "levelBox", "throughputLatency", "itlPosition", "timeline"]) {
    const chart = page.locator(`[data-testid="chart"][data-chart="${key}"]`);
    await expect(chart).toHaveAttribute("data-empty", "false");
    await expect(chart.locator("svg").first()).toBeVisible();
    // marks with data: lines, dots or bars inside the plot, not just axes
    expect(await chart.locator('svg g[aria-label="line"] path, svg g[aria-label="dot"] circle, svg g[aria-label="bar"] rect').count(), key).toBeGreaterThan(0);
    // the definition is one hover away
    expect((await chart.locator("figcaption").getAttribute("title"))?.length ?? 0, key).toBeGreaterThan(40);
  }
}

test.describe("Benchmarks", () => {
  test.setTimeout(420_000);

  test("promote a cell, watch it run live, see every chart, set a baseline, run again, download the HTML report and open it offline", async ({ page, browser }, testInfo) => {
    const cell = { id: "gen1", kind: "generate", title: "city history", prompt: "The history of the city begins", sampling: { maxNewTokens: 12, temperature: 0 }, topK: 2 };
    const nb = await trpcMutation<{ id: string }>(page, "notebooks.create", { title: "Benchmark e2e", doc: { cells: [cell] } });
    // The cell runs once on both engines: the benchmark then freezes the ids that run sent, and its latency drives the estimate.
    await trpcMutation(page, "cells.run", { notebookId: nb.id, cellId: cell.id, cell });
    await expect
      .poll(
        async () => {
          const res = await page.request.get(`/api/trpc/cells.runs?input=${encodeURIComponent(JSON.stringify({ notebookId: nb.id, cellId: cell.id }))}`);
          return ((await res.json()) as { result?: { data: unknown[] } }).result?.data.length ?? 0;
        },
        { timeout: 60_000 },
      )
      .toBe(1);

    // Promote: the dialog is prefilled from the cell's exact request and estimates the time.
    await page.goto(`/benchmarks/new?notebook=${nb.id}`);
    const row = page.locator('[data-testid="pick-cell"][data-cell-id="gen1"]');
    await row.getByTestId("promote-button").click();
    const dialog = page.getByTestId("promote-dialog");
    await expect(dialog.getByTestId("promote-request")).toContainText("Request: /generate (streamed): prompt of", { timeout: 30_000 });
    await expect(dialog.getByTestId("promote-request")).toContainText("the token ids its run of");
    await expect(dialog.getByTestId("promote-name")).toHaveValue("city history");
    await expect(dialog.getByTestId("promote-concurrency")).toHaveValue("1, 4, 16");
    await dialog.getByTestId("promote-concurrency").fill("1, 4");
    await dialog.getByTestId("promote-requests").fill(String(REQUESTS));
    await dialog.getByTestId("promote-logprobs").selectOption("parity-only"); // timed as bench_serving sends requests
    await dialog.getByTestId("promote-ignore-eos").check();
    await expect(dialog.getByTestId("promote-estimate")).toContainText(`for ${2 * 2 * REQUESTS + 2} requests`);
    await page.screenshot({ path: `${SCREENS}/benchmark-promote.png`, fullPage: true });
    await dialog.getByTestId("promote-create-run").click();

    // Live: progress moves over the WebSocket; a reload rejoins the running job.
    await expect(page).toHaveURL(/\/benchmarks\/[^/]+\/runs\/[^/]+$/, { timeout: 30_000 });
    const runUrl = page.url();
    const benchmarkUrl = runUrl.replace(/\/runs\/[^/]+$/, "");
    await watchProgress(page);
    await expect(page.getByTestId("progress-row")).toHaveCount(4);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __maxDone: number }).__maxDone), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENS}/benchmark-live.png`, fullPage: true });
    const statusBeforeReload = await page.getByTestId("run-status").getAttribute("data-status");
    if (statusBeforeReload === "running") {
      await page.reload();
      await expect(page.getByTestId("live-progress")).toBeVisible();
    }
    await waitRunEnd(page);
    const updates = await page.evaluate(() => (window as unknown as { __updates?: number }).__updates ?? -1);
    testInfo.annotations.push({ type: "progress updates seen after reload", description: String(updates) });
    await expect(page.locator('[data-testid="progress-row"][data-state="done"]')).toHaveCount(4);

    // Results: all charts with data, every table, and the verdict B against A.
    await expectAllCharts(page);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(PASS|FAIL)$/);
    for (const t of ["gates", "latency", "throughput", "difference"]) await expect(page.getByTestId(`table-${t}`)).toBeVisible();
    await expect(page.getByTestId("table-latency").locator("td", { hasText: /^TTFT$/ }).first()).toHaveAttribute("title", /^TTFT \(time to first token\) = send → first byte/);
    await page.screenshot({ path: `${SCREENS}/benchmark-results.png`, fullPage: true });

    // Baseline: the first run; the benchmark's page shows the spec, the source cell, the history.
    await page.goto(benchmarkUrl);
    await expect(page.getByTestId("spec-summary")).toContainText("the timed requests ask for none, as bench_serving sends them");
    await expect(page.getByTestId("spec-summary")).toContainText("every request runs to max_new_tokens (ignore_eos)");
    await expect(page.getByTestId("source-status")).toHaveAttribute("data-state", "same", { timeout: 30_000 });
    await expect(page.getByTestId("history-run")).toHaveCount(1);
    await page.getByTestId("set-baseline").click();
    await expect(page.getByTestId("is-baseline")).toBeVisible();

    // Run again: judged against the baseline.
    await page.getByTestId("run-benchmark").click();
    await expect(page).toHaveURL(/\/runs\/[^/]+$/);
    expect(page.url()).not.toBe(runUrl);
    await waitRunEnd(page);
    await expectAllCharts(page);
    await expect(page.getByTestId("table-baseline")).toBeVisible();
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", /^(PASS|FAIL)$/);
    await expect(page.getByTestId("verdict")).toContainText("against the baseline run");
    const reasons = await page.getByTestId("verdict-reason").allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENS}/benchmark-compare.png`, fullPage: true });

    // The history shows both runs and the trend chart draws them.
    await page.goto(benchmarkUrl);
    await expect(page.getByTestId("history-run")).toHaveCount(2);
    await expect(page.locator('[data-testid="chart"][data-chart="trend"]')).toHaveAttribute("data-empty", "false");
    await page.screenshot({ path: `${SCREENS}/benchmark-history.png`, fullPage: true });
    await page.goto("/benchmarks");
    await expect(page.getByTestId("benchmark-row")).toHaveCount(1);
    await expect(page.getByTestId("spark-p95").locator("svg")).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/benchmark-list.png`, fullPage: true });

    // The HTML report, downloaded, opens from disk with the network blocked.
    await page.goBack();
    await page.getByTestId("history-run").first().locator("a").first().click();
    await expect(page.getByTestId("run-results")).toBeVisible({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-html").click()]);
    const file = testInfo.outputPath("report.html");
    await download.saveAs(file);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    const offline = await browser.newContext({ javaScriptEnabled: false });
    const asked: string[] = [];
    await offline.route("**/*", (route) => {
      const url = route.request().url();
      asked.push(url);
      return url.startsWith("file:") ? route.continue() : route.abort("blockedbyclient");
    });
    const report = await offline.newPage();
    await report.goto(`file://${path.resolve(file)}`);
    await expect(report.locator("#verdict")).toHaveText(/^(PASS|FAIL)$/);
    await expect(report.locator("figure.chart svg")).toHaveCount(6); // five run charts and the trend over runs
    await expect(report.locator("#table-baseline")).toBeVisible();
    expect(JSON.parse((await report.locator("#run-data").textContent()) ?? "null").run.series.length).toBeGreaterThan(0);
    await report.screenshot({ path: `${SCREENS}/benchmark-report-offline.png`, fullPage: true });
    expect(asked.filter((u) => !u.startsWith("file:"))).toEqual([]);
    await offline.close();
  });

  test("closing the tab does not stop a run; a cancelled run shows what it measured and why it stopped; a baseline of another request is refused", async ({ page }) => {
    const cell = { id: "long1", kind: "generate", prompt: "Once upon a time", sampling: { maxNewTokens: 48, temperature: 0 }, topK: 1 };
    const nb = await trpcMutation<{ id: string }>(page, "notebooks.create", { title: "Long benchmark", doc: { cells: [cell] } });
    const backends = ((await (await page.request.get("/api/trpc/backends.list")).json()) as { result: { data: { id: string }[] } }).result.data.map((b) => b.id).slice(0, 2);
    const source = await trpcMutation<{ snapshot: unknown }>(page, "benchmarkViews.promoteSource", { notebookId: nb.id, cell, backendIds: backends });
    const made = await trpcMutation<{ id: string }>(page, "benchmarks.create", {
      name: "long run",
      notebookId: nb.id,
      cellId: cell.id,
      source: { requests: [source.snapshot] },
      backendIds: backends,
      settings: { load: { kind: "closed", concurrency: [1, 2] }, requestsPerLevel: 400, warmup: 1 },
    });

    await page.goto(`/benchmarks/${made.id}`);
    await page.getByTestId("run-benchmark").click();
    await expect(page).toHaveURL(/\/runs\/[^/]+$/);
    const runUrl = page.url();
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "running", { timeout: 30_000 });
    const context = page.context();
    await page.close(); // the tab goes away; the run is a server job

    const again = await context.newPage();
    await again.goto(runUrl);
    await expect(again.getByTestId("run-status")).toHaveAttribute("data-status", "running");
    const doneOf = async () => Number((await again.getByTestId("overall-done").textContent())?.split("/")[0]?.trim() ?? 0);
    const first = await doneOf();
    await expect.poll(doneOf, { timeout: 30_000 }).toBeGreaterThan(first); // still measuring, pushed live to the new tab
    await again.getByTestId("cancel-run").click();
    await expect(again.getByTestId("run-status")).toHaveAttribute("data-status", "cancelled", { timeout: 30_000 });
    await expect(again.getByTestId("stopped-banner")).toContainText("This run was cancelled:");
    await expect(again.getByTestId("run-results")).toBeVisible({ timeout: 30_000 });
    await expect(again.getByTestId("verdict")).toHaveAttribute("data-verdict", "CANCELLED");
    await expect(again.getByTestId("table-latency")).toBeVisible(); // what it measured until then
    await again.screenshot({ path: `${SCREENS}/benchmark-cancelled.png`, fullPage: true });

    // An import of another workload cannot be the baseline: the reason is shown.
    await again.goto(`/benchmarks/${made.id}`);
    await again.locator("summary", { hasText: "Import a bench_serving" }).click();
    await again.getByTestId("import-file").setInputFiles(path.resolve("test/fixtures/imports/sglang_bench_serving.jsonl"));
    await again.getByTestId("import-submit").click();
    await expect(again.getByTestId("import-done")).toBeVisible();
    const imported = again.locator('[data-testid="history-run"]').first();
    await expect(imported).toContainText("different workload");
    await imported.getByTestId("set-baseline").click();
    await expect(again.getByTestId("baseline-error")).toContainText("requestHash differs");
    await again.screenshot({ path: `${SCREENS}/benchmark-baseline-refused.png`, fullPage: true });
    await again.close();
  });
});
