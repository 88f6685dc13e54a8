// End-to-end in a real VS Code (code-server): the DAG panel's buttons as palette commands and its
// "Testable implications". On the front-door sample: Intervene… from the palette opens the query bar,
// Run Query (palette) and Ctrl+Enter (in the panel) answer P(cancer), Clear Query empties the query,
// Zoom DAG In then Fit DAG to View restore the fitted drawing. On a second model the list shows what
// `causal-studio graph --json` prints for the same file; on a .dagitty graph it shows the chain's one
// implication, and the query commands are not offered in the palette there (their when clauses).
import { execFileSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { dagFrame, extensionAndBrowser, openFile, requireCodeServer, root, runCommand, shot, workbenchForBlock, type Server } from "./code-server";

const executable = requireChromium();
requireCodeServer();

async function setTarget(frame: FrameLocator, node: string): Promise<void> {
  await frame.locator(`g.node[data-node-id="${node}"]`).click();
  await frame.locator("#popover").waitFor({ state: "visible" });
  await frame.locator('#popover button[data-role="target"]').click();
  await frame.locator('#query-chips .chip[data-role="target"]').waitFor();
}

async function answered(frame: FrameLocator): Promise<string> {
  await frame.locator('#query-results[data-state="done"], #query-results[data-state="failed"], #query-results[data-state="invalid"]').waitFor({ timeout: 90_000 });
  return (await frame.locator("#query-results").getAttribute("data-state")) ?? "";
}

const scale = (frame: FrameLocator) => frame.locator("g.viewport").evaluate((g) => new DOMMatrix(getComputedStyle(g).transform).a);

/** The palette's rows for `text` once it has settled (an empty list: the command is not offered here). */
async function paletteRows(page: Page, text: string): Promise<string[]> {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor();
  await page.waitForFunction(() => (document.querySelector(".quick-input-widget input") as HTMLInputElement | null)?.value.startsWith(">") ?? false);
  await page.keyboard.type(text);
  await page.waitForTimeout(1500);
  const rows = await page.locator(".quick-input-list .monaco-list-row").allTextContents();
  await page.keyboard.press("Escape");
  return rows;
}

describe("palette commands and testable implications in VS Code (code-server)", () => {
  const env = extensionAndBrowser(executable);
  let server: Server;
  let page: Page;
  workbenchForBlock(() => env, join(root, "samples", "frontdoor"), true, (s, p) => { server = s; page = p; }, "commands-failed");

  it("Intervene… and Run Query from the palette answer P(cancer); Clear Query empties it; Ctrl+Enter in the panel runs again", async () => {
    // The files of the last two tests, written now so that the workspace's file search knows them by then.
    copyFileSync(join(root, "samples", "wrong-graph", "model.causal.ts"), join(server.workspace, "heart.causal.ts"));
    writeFileSync(join(server.workspace, "chain.dagitty"), "dag {\n  X -> M -> Y\n}\n");
    await openFile(page, "model.causal.ts");
    await runCommand(page, "Causal Studio: Open DAG Beside");
    const frame = dagFrame(page);
    await frame.locator('g.node[data-node-id="smoking"]').waitFor({ timeout: 60_000 });
    expect(await frame.locator("#query").isVisible()).toBe(false);
    await runCommand(page, "Causal Studio: Intervene…");
    await frame.locator("#query").waitFor({ state: "visible", timeout: 30_000 });
    await setTarget(frame, "cancer");
    await runCommand(page, "Causal Studio: Run Query");
    expect(await answered(frame)).toBe("done");
    expect(await frame.locator("#query-text").textContent()).toBe("P(cancer)");
    // P(cancer = 1) of the front-door sample, as the CLI answers it.
    const cli = JSON.parse(execFileSync(process.execPath, [join(root, "dist", "cli.js"), "query", join(server.workspace, "model.causal.ts"), "--target", "cancer", "--json"], { encoding: "utf8" })) as
      { answer: { rows: { value: number; estimate: { value: number } }[] } };
    const shown = await frame.locator('table.answer-table td[data-value="1"]').first().textContent();
    expect(Number.parseFloat(shown ?? "")).toBeCloseTo(cli.answer.rows.find((r) => r.value === 1)!.estimate.value, 3);
    await shot(page, "commands-01-run-query");

    await runCommand(page, "Causal Studio: Clear Query");
    await frame.locator("#query-chips .chip").first().waitFor({ state: "detached" });
    expect(await frame.locator("#query-results").getAttribute("data-state")).toBe("idle");

    await setTarget(frame, "tar");
    await frame.locator("#query-text").click(); // focus inside the panel: the keybinding's when clause
    await page.keyboard.press("Control+Enter");
    expect(await answered(frame)).toBe("done");
    expect(await frame.locator("#query-text").textContent()).toBe("P(tar)");
  });

  it("Zoom DAG In then Fit DAG to View from the palette", async () => {
    const frame = dagFrame(page);
    await runCommand(page, "Causal Studio: Close Query Bar");
    await frame.locator("#query").waitFor({ state: "hidden" });
    await runCommand(page, "Causal Studio: Fit DAG to View");
    await page.waitForTimeout(500);
    const fitted = await scale(frame);
    await runCommand(page, "Causal Studio: Zoom DAG In");
    await page.waitForTimeout(500);
    expect((await scale(frame)) / fitted).toBeCloseTo(1.25, 2);
    await runCommand(page, "Causal Studio: Fit DAG to View");
    await page.waitForTimeout(500);
    expect(await scale(frame)).toBeCloseTo(fitted, 3);
  });

  it("Show Testable Implications lists what `causal-studio graph` prints for the same model; hovering one marks its variables", async () => {
    await openFile(page, "heart.causal.ts");
    const frame = dagFrame(page);
    await frame.locator('g.node[data-node-id="fitness"]').waitFor({ timeout: 60_000 });
    await runCommand(page, "Causal Studio: Show Testable Implications");
    await frame.locator("#implications-list").waitFor({ state: "visible" });
    const cli = JSON.parse(execFileSync(process.execPath, [join(root, "dist", "cli.js"), "graph", join(server.workspace, "heart.causal.ts"), "--json"], { encoding: "utf8" })) as
      { models: { impliedIndependencies: { x: string; y: string[]; given: string[] }[] }[] };
    const expected = cli.models[0].impliedIndependencies.map((i) => `${i.x} ⊥ ${i.y.join(", ")}${i.given.length ? ` | ${i.given.join(", ")}` : ""}`);
    expect(expected).toContain("heart ⊥ exercise | age, fitness, diet"); // the local Markov basis: heart given its parents
    expect(await frame.locator("#implications-toggle").textContent()).toBe(`Testable implications (${expected.length})`);
    expect(await frame.locator("#implications-list li").allTextContents()).toEqual(expected);
    await frame.locator("#implications-list li", { hasText: "heart ⊥ exercise" }).hover();
    const marked = await frame.locator("g.node").evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute("data-node-id"), g.classList.contains("implied-pair") ? "pair" : g.classList.contains("implied-given") ? "given" : ""])));
    expect(marked).toEqual({ heart: "pair", exercise: "pair", age: "given", fitness: "given", diet: "given" });
    await shot(page, "commands-02-implications");
  });

  it("on a .dagitty graph: its implication is listed, and the query commands are not offered", async () => {
    // Show Testable Implications left the focus on the list inside the panel: back to the workbench for Quick Open.
    await page.locator(".tabs-container .tab").first().click();
    await openFile(page, "chain.dagitty");
    const frame = dagFrame(page);
    await frame.locator('g.node[data-node-id="M"]').waitFor({ timeout: 60_000 });
    await frame.locator("#implications-toggle", { hasText: "Testable implications (1)" }).waitFor();
    expect(await frame.locator("#implications-list li").allTextContents()).toEqual(["Y ⊥ X | M"]);
    // The palette's fuzzy match lists other commands for these words; none of the query commands.
    const rows = await paletteRows(page, "Causal Studio: Run Query");
    expect(rows.filter((r) => /Run Query|Clear Query|Cancel Query|Intervene/.test(r)), rows.join(" / ")).toEqual([]);
    expect((await paletteRows(page, "Causal Studio: Fit DAG to View")).some((r) => r.includes("Fit DAG to View"))).toBe(true);
    expect((await paletteRows(page, "Causal Studio: Show Testable Implications")).some((r) => r.includes("Show Testable Implications"))).toBe(true);
  });
});
