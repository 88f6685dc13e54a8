// End-to-end in a real VS Code (code-server): the "Intervene…" CodeLens opens the DAG with its query
// bar; click smoking, set it to 0, make cancer the target, Run in the model process, and read the
// plotted probability, which must equal the CLI's answer for the same query. Then a model whose
// mechanism loops forever under do(x = 2) is stopped at the configured timeout with a clear message,
// and the next query (do(x = 0)) is answered. The "Counterfactual…" CodeLens turns the last query into a
// counterfactual (its do the action), asks for the factual values in the popover, and answers a smoker
// with cancer's "had they not smoked" exactly as the CLI does. Switching between two model files and a
// .dagitty graph keeps each model's query to itself. In an untrusted workspace the DAG renders
// and Run refuses with a message about Workspace Trust, while no model process is ever started; a .bif
// network there (no code in it) is drawn and answered exactly, as the CLI answers it.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { requireCodeServer, dagFrame, drawnGraph, extensionAndBrowser, openFile, root, runCommand, shot, workbenchForBlock, type Server } from "./code-server";

const executable = requireChromium();
requireCodeServer();

async function clickLens(page: Page, title: string): Promise<void> {
  const lens = page.locator(".contentWidgets .codelens-decoration a", { hasText: title }).first();
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
}

async function setRole(frame: FrameLocator, node: string, role: "do" | "given" | "target", fill?: (f: FrameLocator) => Promise<void>): Promise<void> {
  await frame.locator(`g.node[data-node-id="${node}"]`).click();
  await frame.locator("#popover").waitFor({ state: "visible" });
  if (fill) await fill(frame);
  await frame.locator(`#popover button[data-role="${role}"]`).click();
  await frame.locator("#popover").waitFor({ state: "hidden" });
}

/** Command lines of running processes that belong to this server's run directory and are the model runner. */
function modelRunners(server: Server): string[] {
  return execFileSync("ps", ["-ww", "-eo", "args"], { encoding: "utf8" }).split("\n").filter((l) => l.includes(server.run) && l.includes("model-runner"));
}

async function runAndWait(frame: FrameLocator, timeout = 90_000): Promise<string> {
  await frame.locator("#query-run").click();
  await frame.locator('#query-results[data-state="done"], #query-results[data-state="failed"]').waitFor({ timeout });
  return (await frame.locator("#query-results").getAttribute("data-state")) ?? "";
}

describe("query panel in VS Code (code-server)", () => {
  const env = extensionAndBrowser(executable);

  describe("front-door sample", () => {
    let server: Server;
    let page: Page;
    workbenchForBlock(() => env, join(root, "samples", "frontdoor"), true, (s, p) => { server = s; page = p; }, "query-failed");

    it("click smoking, set 0, target cancer, Run: the plotted P(cancer = 1) equals the CLI's answer", async () => {
      await openFile(page, "model.causal.ts");
      await clickLens(page, "Intervene…");
      const frame = dagFrame(page);
      await frame.locator('g.node[data-node-id="smoking"]').waitFor({ timeout: 60_000 });
      await frame.locator("#query").waitFor({ state: "visible" });
      await setRole(frame, "smoking", "do", (f) => f.locator("#popover input.value-switch").uncheck());
      await setRole(frame, "cancer", "target");
      expect(await frame.locator("#query-text").textContent()).toBe("P(cancer | do(smoking = 0))");
      await shot(page, "query-01-built");
      expect(await runAndWait(frame)).toBe("done");
      const bar = frame.locator('svg.answer-plot rect[data-world$="do(smoking = 0)"][data-value="1"]');
      const plotted = Number(await bar.getAttribute("data-estimate"));
      const shown = await frame.locator('table.answer-table td[data-world$="do(smoking = 0)"][data-value="1"]').textContent();
      await shot(page, "query-02-answer");

      const cli = JSON.parse(execFileSync(process.execPath, [join(root, "dist", "cli.js"), "query", join(server.workspace, "model.causal.ts"), "--do", "smoking=0", "--target", "cancer", "--json"], { encoding: "utf8" })) as
        { answer: { type: string; rows: { value: number; estimate: { value: number; standardError: number } }[] } };
      const expected = cli.answer.rows.find((r) => r.value === 1)!.estimate;
      expect(plotted).toBe(expected.value);
      expect(shown).toContain(expected.value.toFixed(4));
      // And both agree with the closed form: P(cancer = 1 | do(smoking = 0)) = 0.5 + 0.05 * 0.05 = 0.5025.
      expect(Math.abs(plotted - 0.5025)).toBeLessThanOrEqual(Math.max(1e-9, 4 * expected.standardError));
      expect(await frame.locator(".identification .badge").textContent()).toBe("identified");
      expect(await frame.locator(".code.cli pre").textContent()).toMatch(/causal-studio query .*--do smoking=0.*--target cancer/);
      // Sparklines arrive after the answer.
      await frame.locator('g.sparkline[data-node-id="tar"]').waitFor({ timeout: 60_000 });
      await shot(page, "query-03-sparklines");
    });

    it("Counterfactual… starts from the query: do(smoking = 0) becomes the action, the popover asks for the factual values; the answer equals the CLI's", async () => {
      const frame = dagFrame(page);
      expect(await frame.locator("#query-results .answer-plot").count()).toBeGreaterThan(0); // the interventional answer of the test above
      await clickLens(page, "Counterfactual…");
      await expect.poll(() => frame.locator("#query-mode").inputValue()).toBe("counterfactual");
      // The old interventional answer is gone; the popover asks what was observed, first of the action's variable.
      await frame.locator('#popover[data-node-id="smoking"]').waitFor({ timeout: 30_000 });
      expect(await frame.locator("#query-results .answer-plot").count()).toBe(0);
      expect(await frame.locator("#popover .popover-prompt").textContent()).toMatch(/What was observed\? smoking's factual value \(the action sets it to 0\)/);
      expect(await frame.locator("#popover input.value-switch").isChecked()).toBe(true); // a smoker
      await frame.locator('#popover button[data-role="given"]').click();
      await frame.locator('#popover[data-node-id="cancer"]').waitFor();
      await frame.locator("#popover input.value-switch").check(); // with cancer
      await shot(page, "counterfactual-from-lens-asking");
      await frame.locator('#popover button[data-role="given"]').click();
      await frame.locator("#popover").waitFor({ state: "hidden" });
      expect(await frame.locator("#query-chips .chip").allTextContents()).toEqual(["do(smoking = 0)×", "smoking = 1×", "cancer = 1×", "target cancer×"]);
      expect(await frame.locator("#query-text").textContent()).toBe("P(cancer_{smoking = 0} | smoking = 1, cancer = 1)");
      expect(await runAndWait(frame)).toBe("done");
      const bar = (world: string) => frame.locator(`svg.answer-plot rect[data-world^="${world}"][data-value="1"]`);
      expect(await bar("factual").getAttribute("data-world")).toBe("factual: smoking = 1, cancer = 1");
      expect(await bar("counterfactual").getAttribute("data-world")).toBe("counterfactual: do(smoking = 0)");
      const factual = Number(await bar("factual").getAttribute("data-estimate"));
      const counterfactual = Number(await bar("counterfactual").getAttribute("data-estimate"));
      await shot(page, "query-06-counterfactual");
      await shot(page, "counterfactual-from-lens");

      const cli = JSON.parse(execFileSync(process.execPath, [join(root, "dist", "cli.js"), "query", join(server.workspace, "model.causal.ts"), "--counterfactual", "--given", "smoking=1,cancer=1", "--do", "smoking=0", "--target", "cancer", "--json"], { encoding: "utf8" })) as
        { answer: { rows: { value: number; estimate: { value: number } }[] } };
      expect(counterfactual).toBe(cli.answer.rows.find((r) => r.value === 1)!.estimate.value);
      // Both are exact (twin network): 0.05125 / 0.07375 (samples/frontdoor/README.md); the factual world has cancer = 1 surely.
      expect(counterfactual).toBeCloseTo(0.05125 / 0.07375, 12);
      expect(factual).toBe(1);
      expect(await frame.locator('table.answer-table td[data-world^="counterfactual"][data-value="1"]').textContent()).toContain("0.6949");
      // The trusted workspace does start the model runner (the untrusted test below looks for the same process and must not find it).
      expect(modelRunners(server).length).toBeGreaterThan(0);
    });
  });

  describe("switching between model files (two *.causal.ts and a .dagitty)", () => {
    let page: Page;
    workbenchForBlock(() => env, join(__dirname, "fixtures", "two-models"), true, (_s, p) => { page = p; }, "query-switch-failed");

    it("each model keeps its own query, restored on coming back and never shown under the other; a .dagitty graph shows none", async () => {
      await openFile(page, "smoking.causal.ts");
      await clickLens(page, "Intervene…");
      const frame = dagFrame(page);
      await frame.locator('g.node[data-node-id="smoking"]').waitFor({ timeout: 60_000 });
      await frame.locator("#query").waitFor({ state: "visible" });
      await setRole(frame, "smoking", "do", (f) => f.locator("#popover input.value-switch").uncheck());
      await setRole(frame, "cancer", "target");
      expect(await runAndWait(frame)).toBe("done");
      const chips = () => frame.locator("#query-chips .chip").allTextContents();
      const marks = () => frame.locator("g.node.intervened, g.node.evidence, g.node.target, g.node.hedge, g.edge.cut, g.sparkline").count();
      // Opens `file` in the code's editor group; the DAG beside it follows (its status line names the model: the DAGitty graph also has a smoking node).
      const titles: Record<string, string> = { "smoking.causal.ts": "front-door", "wages.causal.ts": "wages:", "graph.dagitty": "graph:" };
      const show = async (file: string, node: string) => {
        // From the Explorer (Quick Open went back to a recent file at times), then check that it is the active editor.
        await page.keyboard.press("Control+1");
        await page.locator(".explorer-folders-view .monaco-list-row", { hasText: file }).first().click();
        await page.locator(".tabs-container .tab.active", { hasText: file }).first().waitFor({ timeout: 30_000 });
        await frame.locator("#status", { hasText: titles[file] }).waitFor({ timeout: 60_000 });
        await frame.locator(`g.node[data-node-id="${node}"]`).waitFor({ timeout: 60_000 });
      };

      await show("wages.causal.ts", "education");
      expect(await chips()).toEqual([]);
      expect(await frame.locator("#query-results .answer-plot").count()).toBe(0);
      expect(await marks()).toBe(0);
      await frame.locator('g.node[data-node-id="education"]').click();
      await frame.locator("#popover").waitFor({ state: "visible" });
      expect(await frame.locator("#popover input.value-number").inputValue()).toBe("12"); // its mean, not 0
      await frame.locator("#popover input.value-number").fill("16");
      await frame.locator('#popover button[data-role="do"]').click();
      await setRole(frame, "wage", "target");
      expect(await chips()).toEqual(["do(education = 16)×", "target wage×"]);
      await shot(page, "query-08-second-model");

      await show("graph.dagitty", "tar");
      await frame.locator("#query-results .query-unavailable").waitFor();
      expect(await frame.locator("#query-results .query-unavailable").textContent()).toMatch(/A DAGitty graph has no mechanisms, so it cannot answer queries/);
      expect(await frame.locator("#query-bar").isHidden()).toBe(true);
      expect(await marks()).toBe(0);
      await shot(page, "query-09-dagitty-no-query");

      await show("smoking.causal.ts", "smoking");
      expect(await chips()).toEqual(["do(smoking = 0)×", "target cancer×"]);
      expect(await frame.locator("#query-text").textContent()).toBe("P(cancer | do(smoking = 0))");
      expect(await frame.locator("#query-results .answer-plot").count()).toBe(0); // the answer area starts empty
      expect(await frame.locator('g.node[data-node-id="smoking"]').getAttribute("class")).toContain("intervened");
      await show("wages.causal.ts", "education");
      expect(await chips()).toEqual(["do(education = 16)×", "target wage×"]);
      expect(await frame.locator('g.node[data-node-id="education"]').getAttribute("class")).toContain("intervened");
      await shot(page, "query-10-restored");
    });
  });

  describe("an untrusted workspace (Workspace Trust on, folder not trusted)", () => {
    let server: Server;
    let page: Page;
    workbenchForBlock(() => env, join(__dirname, "fixtures", "untrusted"), false, (s, p) => { server = s; page = p; }, "query-failed");

    it("draws the DAG, and Run and Diagnose… refuse with a message about Workspace Trust without running the model", async () => {
      // The fixture leaves EXECUTED.marker beside itself when evaluated: check that the marker works (the CLI runs a copy).
      const copy = mkdtempSync(join(tmpdir(), "cs-untrusted-copy-"));
      cpSync(join(__dirname, "fixtures", "untrusted"), copy, { recursive: true });
      execFileSync(process.execPath, [join(root, "dist", "cli.js"), "query", join(copy, "model.causal.ts"), "--do", "A=1", "--target", "B", "--json"], { encoding: "utf8" });
      expect(existsSync(join(copy, "EXECUTED.marker"))).toBe(true);
      rmSync(copy, { recursive: true, force: true });

      await openFile(page, "model.causal.ts");
      await clickLens(page, "Intervene…");
      const frame = dagFrame(page);
      await frame.locator('g.node[data-node-id="B"]').waitFor({ timeout: 60_000 });
      expect(await drawnGraph(frame)).toEqual({ nodes: ["A", "B"], edges: ["A->B"] });
      await setRole(frame, "A", "do", (f) => f.locator("#popover input.value-switch").check());
      await setRole(frame, "B", "target");
      expect(await runAndWait(frame, 30_000)).toBe("failed");
      const message = (await frame.locator("#query-results .query-error").textContent()) ?? "";
      expect(message).toMatch(/trusted workspace/);
      expect(message).toMatch(/Workspace Trust/);
      await shot(page, "query-07-untrusted-refused");
      expect(server.logText()).toMatch(/workspace trusted: false/);
      expect(existsSync(join(server.workspace, "EXECUTED.marker"))).toBe(false);
      expect(modelRunners(server)).toEqual([]);

      // Diagnose… refuses too, before asking for any file, and runs nothing.
      await clickLens(page, "Diagnose…");
      const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Diagnosing runs the model's code" });
      await toast.first().waitFor({ timeout: 30_000 });
      expect(await toast.first().textContent()).toMatch(/trusted workspace/);
      expect(await page.locator(".quick-input-widget input").isVisible()).toBe(false);
      expect(existsSync(join(server.workspace, "EXECUTED.marker"))).toBe(false);
      expect(modelRunners(server)).toEqual([]);
    });

    it("a .bif network runs no code, so it works here: its DAG is drawn and Run answers from its tables exactly, as the CLI does", async () => {
      await openFile(page, "lawn.bif");
      await page.locator(".monaco-editor .view-lines", { hasText: "probability" }).waitFor({ timeout: 30_000 });
      await runCommand(page, "Causal Studio: Open DAG Beside");
      const frame = dagFrame(page);
      await frame.locator('g.node[data-node-id="wet"]').waitFor({ timeout: 60_000 });
      expect(await drawnGraph(frame)).toEqual({ nodes: ["rain", "season", "sprinkler", "wet"], edges: ["rain->wet", "season->rain", "season->sprinkler", "sprinkler->wet"] });
      await runCommand(page, "Causal Studio: Intervene…");
      await frame.locator("#query").waitFor({ state: "visible" });
      await setRole(frame, "wet", "target");
      expect(await runAndWait(frame, 60_000)).toBe("done");
      const plotted = Number(await frame.locator('svg.answer-plot rect[data-value="0"]').first().getAttribute("data-estimate"));
      await shot(page, "query-08-bif-untrusted");
      const cli = JSON.parse(execFileSync(process.execPath, [join(root, "dist", "cli.js"), "query", join(server.workspace, "lawn.bif"), "--target", "wet", "--json"], { encoding: "utf8" })) as
        { answer: { rows: { value: number; estimate: { value: number; standardError: number } }[] } };
      const expected = cli.answer.rows.find((r) => r.value === 0)!.estimate;
      expect(expected.standardError).toBe(0); // exact: variable elimination on the tables
      expect(plotted).toBe(expected.value);
    });
  });

  describe("a model that loops forever under one intervention", () => {
    let server: Server;
    let page: Page;
    workbenchForBlock(() => env, join(__dirname, "fixtures", "query-loop"), true, (s, p) => { server = s; page = p; }, "query-failed");

    it("is stopped at the timeout with a clear message, and the next query works", async () => {
      await openFile(page, "loop.causal.ts");
      await clickLens(page, "Intervene…");
      const frame = dagFrame(page);
      await frame.locator('g.node[data-node-id="x"]').waitFor({ timeout: 60_000 });
      await setRole(frame, "x", "do", (f) => f.locator("#popover input.value-number").fill("2"));
      await setRole(frame, "y", "target");
      const t0 = Date.now();
      expect(await runAndWait(frame, 60_000)).toBe("failed");
      const waited = Date.now() - t0;
      const message = (await frame.locator("#query-results .query-error").textContent()) ?? "";
      expect(message).toMatch(/3000 ms|time ?out|did not finish/i);
      expect(waited).toBeGreaterThanOrEqual(2500); // it was the timeout (3000 ms in .vscode/settings.json) that stopped it
      await shot(page, "query-04-timeout");
      // The editor is still responsive and the next query runs in a fresh process.
      await setRole(frame, "x", "do", (f) => f.locator("#popover input.value-number").fill("0"));
      expect(await runAndWait(frame)).toBe("done");
      const p = Number(await frame.locator('svg.answer-plot rect[data-world$="do(x = 0)"][data-value="1"]').getAttribute("data-estimate"));
      const se = Number(await frame.locator('svg.answer-plot rect[data-world$="do(x = 0)"][data-value="1"]').getAttribute("data-standard-error"));
      expect(Math.abs(p - 0.3)).toBeLessThanOrEqual(Math.max(1e-9, 4 * se));
      await shot(page, "query-05-next-query");
    });
  });
});
