// End-to-end in a real VS Code (code-server) on samples/misspecification: the "Diagnose…" CodeLens
// asks for a data file (VS Code's open dialog, data.csv typed as a user would) and the environment
// column (a quick pick of the columns that are not variables), diagnoses the straight line in the
// model process, and the user sees: the diagnostics panel with y FAILing in plain words and its plots
// drawn; the finding in the Problems panel on y's declaration; and, opening the DAG, y marked failing
// with a badge whose click brings its plots back. Then Run Script… on the sample's main.ts: its report
// in the run panel and the two figures main returns, drawn.
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { acceptOpenDialog, requireCodeServer, extensionAndBrowser, openFile, root, runCommand, shot, workbenchForBlock, type Server } from "./code-server";

const executable = requireChromium();
requireCodeServer();

/** The webview whose document has `selector` (the DAG and the diagnostics panel may both be open). */
async function frameWith(page: Page, selector: string, timeout = 60_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const n = await page.locator("iframe.webview.ready").count();
    for (let i = 0; i < n; i++) {
      const f = page.frameLocator("iframe.webview.ready").nth(i).frameLocator("#active-frame");
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(250);
  }
}

describe("Diagnose Model… in VS Code (code-server)", () => {
  const env = extensionAndBrowser(executable);
  let server: Server;
  let page: Page;
  workbenchForBlock(() => env, join(root, "samples", "misspecification"), true, (s, p) => { server = s; page = p; }, "diagnose-failed");

  it("Diagnose… on linear.causal.ts with data.csv and env: y FAILs in the panel with its plots, in the Problems panel, and on the DAG", async () => {
    await openFile(page, "linear.causal.ts");
    const lens = page.locator(".contentWidgets .codelens-decoration a", { hasText: "Diagnose…" }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const envTitle = page.locator(".quick-input-widget", { hasText: "Column naming each row's environment" });
    await acceptOpenDialog(page, join(server.workspace, "data.csv"), (timeout) => envTitle.waitFor({ timeout }));
    // The environment question lists (none) and env, the one column that is not a variable.
    const envRow = page.locator(".quick-input-list .monaco-list-row", { hasText: "env" });
    await envRow.waitFor({ timeout: 30_000 });
    expect((await page.locator(".quick-input-list .monaco-list-row").allTextContents()).map((t) => t.trim())).toEqual(["(none)", expect.stringMatching(/^env/)]);
    await envRow.click();

    const frame = await frameWith(page, "#diag-title");
    await frame.locator("#diag-verdict[data-verdict]").waitFor({ timeout: 120_000 });
    await shot(page, "diagnose-done");
    expect(await frame.locator("#diag-verdict").textContent()).toBe("fail");
    expect(await frame.locator("#diag-meta").textContent()).toMatch(/on data\.csv \(2,500 rows\).*environments from "env"/);
    const y = frame.locator('section.variable-group[data-variable="y"]');
    expect(await y.getAttribute("data-verdict")).toBe("fail");
    expect(await y.locator("p.sentence").textContent()).toMatch(/^The data contradict the mechanism of y: .*coefficients differ between environments/);
    // Its plots are drawn: residuals, environment coefficients, leave-one-out error, the sweep; each with marks.
    const kinds = await y.locator("figure.plot").evaluateAll((fs) => fs.map((f) => f.getAttribute("data-plot-kind")));
    expect(kinds).toEqual(expect.arrayContaining(["residuals", "environment-coefficients", "loeo", "reweighting-sweep"]));
    expect(await y.locator('figure.plot[data-plot-kind="residuals"] svg circle').count()).toBeGreaterThan(100);
    expect(await frame.locator("#cannot-see li").count()).toBe(3);

    // The finding in the Problems panel, on y's declaration (line 9 of the sample).
    await runCommand(page, "Problems: Focus on Problems View");
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "The data contradict the mechanism of y" });
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.first().textContent()).toMatch(/Causal Studio/);

    // The DAG, opened afterwards, shows y failing; its badge opens the diagnostics at y.
    await openFile(page, "linear.causal.ts");
    await runCommand(page, "Causal Studio: Open DAG Beside");
    const dag = await frameWith(page, 'g.node[data-node-id="y"]');
    await dag.locator('g.node[data-node-id="y"][data-verdict="fail"]').waitFor({ timeout: 60_000 });
    expect(await dag.locator('g.node[data-node-id="x"]').getAttribute("data-verdict")).toBe("untested");
    expect(await dag.locator(".legend-evidence-title").textContent()).toContain("data.csv");
    await shot(page, "diagnose-dag");
    await dag.locator('g.node[data-node-id="y"] .ev-badge').click();
    const again = await frameWith(page, "#diag-title");
    await again.locator('section.variable-group[data-variable="y"].focused').waitFor({ timeout: 30_000 });
  });

  it("Run main… (the CodeLens of Run Script…) on the sample's main.ts: the run panel shows its report and draws the two figures main returns", async () => {
    await openFile(page, "main.ts");
    // The "Run main…" CodeLens above `export async function main` runs it (as the palette's Run Script… does).
    // main is the file's last declaration: the end of the file brings it (and its lens) into view. The
    // keyboard may not be in main.ts's editor yet (CI once saw the cursor stay on line 1), so click into
    // it first and retry until the status bar's cursor has left the top of the file.
    const cursor = page.locator(".statusbar-item", { hasText: /^Ln \d+, Col \d+$/ }).first();
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.locator(".editor-group-container.active .monaco-editor .view-lines").first().click({ position: { x: 40, y: 10 } });
      await page.keyboard.press("Control+End");
      await page.waitForTimeout(300);
      if (/^Ln (\d{2,})/.test((await cursor.textContent())?.trim() ?? "")) break;
    }
    expect((await cursor.textContent())?.trim()).toMatch(/^Ln \d{2,},/);
    const runLens = page.locator(".contentWidgets .codelens-decoration a:visible", { hasText: "Run main…" }).first();
    await runLens.waitFor({ timeout: 60_000 });
    await runLens.click();
    // The arguments box (empty: main takes none here); Enter runs it.
    const box = page.locator(".quick-input-widget", { hasText: "Arguments for main()" });
    await box.waitFor({ timeout: 30_000 });
    await page.keyboard.press("Enter");
    const run = await frameWith(page, "#run-title");
    await run.locator('body[data-state="done"]').waitFor({ timeout: 120_000 });
    await run.locator("body[data-figures-drawn=\"2\"]").waitFor({ timeout: 30_000 });
    await shot(page, "run-script-done");
    expect(await run.locator("#run-title").textContent()).toMatch(/^[\w.-]+\/main\.ts$/); // the workspace folder's name, then the file
    expect(await run.locator("#run-state").textContent()).toMatch(/^exit 0 · /);
    expect(await run.locator("#run-output").textContent()).toMatch(/\nline: FAIL\n[\s\S]*\nquadratic: PASS\n/);
    // The figures are drawn with marks: five environments' bars for each of two series, in each figure.
    for (const id of ["slope-per-environment", "loeo-rmse"]) {
      expect(await run.locator(`figure.plot[data-figure-id="${id}"] g[aria-label="bar"] rect`).count(), id).toBe(10);
    }
  });
});
