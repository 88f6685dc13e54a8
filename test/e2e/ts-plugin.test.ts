// End-to-end: with only the .vsix installed, a model in a workspace WITHOUT tsconfig or node_modules is typed
// by VS Code's own TypeScript service through the extension's TypeScript server plugin
// (src/extension/ts-plugin): "causal-studio" resolves to the bundled declarations, so there is no
// "Cannot find module" and a misused parent is a TypeScript error (TS2345) in the Problems panel; an undeclared
// parent is reported once, by Causal Studio (with "did you mean"), its TS2339 duplicate hidden by the plugin.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { requireCodeServer, launchBrowser, openFile, profileLogs, openWorkbench, packExtension, removeRun, runCommand, shot, startServer, type Server } from "./code-server";

const executable = requireChromium();
requireCodeServer();

const fixture = join(__dirname, "fixtures", "no-install");

/** tsserver's log files in the profile (the fixture's .vscode/settings.json turns them on). */
const tsserverLogs = (run: string) => profileLogs(run, (name) => /^tsserver.*\.log$/.test(name));

describe("TypeScript plugin in VS Code (code-server): a model typed with only the extension installed", () => {
  let browser: Browser;
  let server: Server;
  let page: Page;
  beforeAll(async () => {
    const vsix = packExtension(mkdtempSync(join(tmpdir(), "cs-vsix-")));
    browser = await launchBrowser(executable);
    server = await startServer(vsix, fixture, true);
    expect(existsSync(join(server.workspace, "tsconfig.json")) || existsSync(join(server.workspace, "node_modules"))).toBe(false);
    page = await openWorkbench(browser, server);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") await shot(page, `failed-ts-plugin-${ctx.task.name.slice(0, 30).replace(/\W+/g, "-")}`);
  });
  afterAll(async () => {
    await browser?.close();
    server?.stop();
    removeRun(server);
  });

  it("types the model through the bundled declarations, and reports an undeclared parent once (Causal Studio's, with its suggestion)", async () => {
    await openFile(page, "model.causal.ts");
    await page.locator(".monaco-editor .view-lines", { hasText: "no-install" }).waitFor({ timeout: 30_000 });
    await runCommand(page, "Problems: Focus on Problems View");
    const rows = page.locator(".markers-panel .monaco-list-row");
    // TypeScript's own error on a misused parent: possible only with "causal-studio" resolved and typed.
    const ts2345 = rows.filter({ hasText: "Argument of type 'string' is not assignable to parameter of type 'number'" });
    await ts2345.first().waitFor({ timeout: 120_000 });
    const causal = rows.filter({ hasText: 'reads "nois", which is not declared' });
    await causal.first().waitFor({ timeout: 30_000 });
    const text = (await rows.allTextContents()).join("\n");
    // Rows read "<message>[<source>]<code>[Ln l, Col c]"; the Problems panel holds exactly these two.
    expect(text).toMatch(/not assignable to parameter of type 'number'\.ts2345\[Ln 11, Col 36\]/);
    expect(text).toMatch(/"Y" reads "nois", which is not declared in model "no-install"\. Did you mean "noise"\?Causal Studiounknown-parent\[Ln 10, Col 24\]/);
    // One error for the typo: TypeScript's TS2339 on the same name is hidden by the plugin.
    expect(text).not.toContain("Property 'nois' does not exist");
    expect(await rows.count()).toBe(3); // the file's row and its two problems
    expect(text).not.toContain("Cannot find module 'causal-studio'");
    await shot(page, "ts-plugin-problems");
    const log = tsserverLogs(server.run);
    expect(log).toContain("Loading global plugin causal-studio-typescript-plugin");
    expect(log).toMatch(/\[causal-studio-typescript-plugin\] unresolved "causal-studio" imports resolve to .*node_modules[\\/]causal-studio-typescript-plugin[\\/]types[\\/]core[\\/]index\.d\.ts/);
  });
});
