// The DAG panel in its editor group, in a real VS Code (code-server) (issue 12, item 7): after the user
// has worked in the DAG (its group is then the active one), the next file they open goes into the code's
// group, not on top of the DAG; and when the Problems panel opens under the editors, the DAG re-fits to
// the smaller pane: every node stays inside it and clear of the legend.
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { dagFrame, extensionAndBrowser, openFile, root, runCommand, shot, workbenchForBlock, type Server } from "./code-server";

const executable = requireChromium();

/** The labels of the tabs of each editor group, left to right. */
function groups(page: Page): Promise<string[][]> {
  return page.locator(".part.editor .editor-group-container").evaluateAll((gs) =>
    gs.map((g) => [...g.querySelectorAll(".tabs-container .tab")]
      .map((t) => (t.querySelector(".label-name")?.textContent ?? t.textContent ?? "").trim()).filter(Boolean)));
}

async function dagWindow(page: Page): Promise<Frame> {
  for (let i = 0; i < 150; i++) {
    for (const f of page.frames()) if (await f.locator("svg#dag").count().catch(() => 0)) return f;
    await page.waitForTimeout(200);
  }
  throw new Error("the DAG webview's frame did not appear");
}

describe("the DAG panel's place in the workbench", () => {
  const env = extensionAndBrowser(executable);
  let page: Page;
  let server: Server;
  workbenchForBlock(() => env, join(root, "samples", "frontdoor"), true, (s, p) => { server = s; page = p; }, "layout-failed");

  it("a file opened after working in the DAG opens in the code's editor group, not over the DAG", async () => {
    await openFile(page, "model.causal.ts");
    await runCommand(page, "Causal Studio: Open DAG Beside");
    const frame = dagFrame(page);
    await frame.locator("g.node").nth(3).waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await groups(page)).length, { timeout: 20_000 }).toBe(2);
    // Work in the DAG: a click in the drawing focuses the webview, whose group becomes the active one.
    const box = (await page.locator("iframe.webview.ready").boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 30);
    await frame.locator("#fit").click();
    await openFile(page, "README.md");
    const groupLog = () => server.logText().split("\n").filter((l) => /editor group/.test(l)).join("\n");
    await expect.poll(() => groups(page), { timeout: 20_000, message: `extension log: ${groupLog()}` }).toEqual([
      expect.arrayContaining(["model.causal.ts", "README.md"]),
      [expect.stringMatching(/DAG/)],
    ]);
    await shot(page, "layout-01-second-file");
  });

  it("re-fits the DAG when the Problems panel opens under the editors: every node inside the pane, none under the legend", async () => {
    await runCommand(page, "Problems: Focus on Problems View");
    await page.locator(".markers-panel").first().waitFor({ timeout: 20_000 });
    const win = await dagWindow(page);
    await page.waitForTimeout(500);
    const g = await win.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const legend = document.getElementById("legend")!;
      const l = legend.offsetParent ? box(legend) : null;
      const header = Math.max(box(document.getElementById("status")!).bottom, box(document.getElementById("toolbar")!).bottom);
      return {
        height: window.innerHeight, width: window.innerWidth, header,
        nodes: [...document.querySelectorAll("g.node rect")].map((r) => {
          const b = box(r);
          return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, underLegend: !!l && b.left < l.right && l.left < b.right && b.top < l.bottom && l.top < b.bottom };
        }),
        status: { text: document.getElementById("status")!.textContent, title: document.getElementById("status")!.title },
      };
    });
    expect(g.height).toBeLessThan(600); // the pane did shrink
    expect(g.nodes.length).toBeGreaterThanOrEqual(4);
    for (const n of g.nodes) {
      expect(n.top).toBeGreaterThanOrEqual(g.header);
      expect(n.bottom).toBeLessThanOrEqual(g.height);
      expect(n.left).toBeGreaterThanOrEqual(0);
      expect(n.right).toBeLessThanOrEqual(g.width);
      expect(n.underLegend).toBe(false);
    }
    expect(g.status.title).toBe(g.status.text);
    await shot(page, "layout-02-problems-open");
  });
});
