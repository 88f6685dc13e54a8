// End-to-end (code-server) for issue 12, item 10: the DAG tab keeps its title while the model is edited (and
// its name changes), and a refusal from the panel (an edge that would close a cycle) is said in the panel's
// banner, which goes when the panel draws another file, not in a notification toast that outlives the file; an
// invalid parameter found by a run sits on its argument in Problems, in 6 digits, and goes when the file is edited.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { dagFrame, extensionAndBrowser, openFile, requireCodeServer, runCommand, shot, workbenchForBlock, type Server } from "./code-server";

const executable = requireChromium();
requireCodeServer();

describe("small things a user notices, in VS Code (code-server)", () => {
  const env = extensionAndBrowser(executable);
  let page: Page;
  let server: Server;
  workbenchForBlock(() => env, join(__dirname, "fixtures", "small"), true, (s: Server, p: Page) => { server = s; page = p; }, "failed-small");

  const dagTab = () => page.locator(".tabs-container .tab", { hasText: "DAG:" });

  it("the DAG tab is titled by the file and keeps that title while the model's name is edited", async () => {
    await openFile(page, "model.causal.ts");
    await page.locator(".monaco-editor .view-lines", { hasText: "small" }).waitFor({ timeout: 30_000 });
    await runCommand(page, "Causal Studio: Open DAG Beside");
    const frame = dagFrame(page);
    await frame.locator('g.node[data-node-id="Y"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => dagTab().first().textContent()).toContain("DAG: model.causal.ts");
    // Rename the model: scm("small") becomes scm("smaller"); the status line follows, the tab does not.
    await page.locator(".monaco-editor .view-lines").first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+G");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type("4:26");
    await page.keyboard.press("Enter");
    await page.keyboard.insertText("er");
    await expect.poll(() => frame.locator("#status").textContent(), { timeout: 20_000 }).toContain("smaller");
    expect(await dagTab().count()).toBe(1);
    expect(await dagTab().first().textContent()).toContain("DAG: model.causal.ts");
    expect(await dagTab().first().textContent()).not.toContain("smaller");
  });

  it("an edge that would close a cycle is refused in the panel's banner (no toast), and the banner goes with the file", async () => {
    const frame = dagFrame(page);
    const revealed = server.logText().split("revealed Y at").length;
    await frame.locator('g.node[data-node-id="Y"]').click();
    // The click reveals Y's declaration (focus moves to the editor): let that finish before the edge request, and let the
    // previous test's edit redraw first, so neither replaces the refusal's banner while it is being read.
    await expect.poll(() => server.logText().split("revealed Y at").length, { timeout: 20_000 }).toBeGreaterThan(revealed);
    await expect.poll(() => frame.locator("#status").textContent(), { timeout: 20_000 }).toContain("smaller");
    await frame.locator('g.node[data-node-id="X"]').click({ modifiers: ["Shift"] });
    await frame.locator('g.node[data-node-id="X"]').press("a"); // Y -> X, with X -> Y in the model
    const banner = frame.locator("#banner");
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/cycle/i);
    expect(await banner.isVisible()).toBe(true);
    await shot(page, "small-refusal-banner");
    // No notification about it, now or a moment later.
    await page.waitForTimeout(1500);
    expect(await page.locator(".notifications-toasts .notification-toast", { hasText: /cycle/i }).count()).toBe(0);
    expect(await page.locator(".notifications-toasts .notification-toast", { hasText: "Causal Studio" }).count()).toBe(0);
    // The panel follows another file: its drawing replaces the banner.
    await openFile(page, "other.dagitty");
    await frame.locator('g.node[data-node-id="B"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => banner.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => dagTab().first().textContent()).toContain("DAG: other.dagitty");
  });

  it("a run's invalid parameter is underlined on its argument, in 6 digits, and leaves Problems when the file is edited", async () => {
    await openFile(page, "bad.causal.ts");
    await page.locator(".monaco-editor .view-lines", { hasText: "bad sd" }).waitFor({ timeout: 30_000 });
    const lens = page.locator(".contentWidgets .codelens-decoration a", { hasText: "Intervene…" }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const frame = dagFrame(page);
    await frame.locator('g.node[data-node-id="Y"]').waitFor({ timeout: 60_000 });
    await frame.locator("#query").waitFor({ state: "visible" });
    for (const [node, role] of [["X", "do"], ["Y", "target"]] as const) {
      await frame.locator(`g.node[data-node-id="${node}"]`).click();
      await frame.locator("#popover").waitFor({ state: "visible" });
      await frame.locator(`#popover button[data-role="${role}"]`).click();
      await frame.locator("#popover").waitFor({ state: "hidden" });
    }
    await frame.locator("#query-run").click();
    await frame.locator('#query-results[data-state="failed"]').waitFor({ timeout: 90_000 });
    await runCommand(page, "Problems: Focus on Problems View");
    const rows = page.locator(".markers-panel .monaco-list-row");
    const problem = rows.filter({ hasText: "normal: parameter sigma = -0.3 - 5.6e-17 is invalid" });
    await problem.first().waitFor({ timeout: 30_000 });
    // On the argument -0.1 - 0.2 (line 6, column 47), not on .variable; no 17-digit number.
    expect(await problem.first().textContent()).toMatch(/\[Ln 6, Col 47\]/);
    expect((await rows.allTextContents()).join("\n")).not.toMatch(/\d{12,}/);
    await shot(page, "small-runtime-problem");
    // Edit the file (the fix, say): the run's problem goes; the next run would report it again.
    await page.locator(".monaco-editor .view-lines", { hasText: "bad sd" }).first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+G");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type("6:47");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");
    await expect.poll(() => rows.filter({ hasText: "parameter sigma" }).count(), { timeout: 20_000 }).toBe(0);
  });
});
