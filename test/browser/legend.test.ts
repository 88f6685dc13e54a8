// The legend never covers the graph after Fit: Fit keeps the legend's room free, the legend folds
// itself in a short panel until the user chooses, its toggle button folds and unfolds it, and the
// choice is kept in the webview state (getState/setState) across a reload.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

// The front-door chain is four layers tall, so in a short panel the legend would sit on its lower nodes.
const frontdoor = graphMessage(
  [{ id: "genotype", latent: true }, { id: "smoking", mechanism: "bernoulli(0.5)" }, "tar", "cancer"],
  [["genotype", "smoking"], ["genotype", "cancer"], ["smoking", "tar"], ["tar", "cancer"]],
);

interface Box { left: number; top: number; right: number; bottom: number }

/** Nodes whose box intersects the legend's box (as drawn, in page pixels). */
async function nodesUnderLegend(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const l = document.getElementById("legend")!.getBoundingClientRect();
    return [...document.querySelectorAll("g.node")].filter((g) => {
      const r = g.querySelector("rect")!.getBoundingClientRect();
      return r.left < l.right && r.right > l.left && r.top < l.bottom && r.bottom > l.top;
    }).map((g) => g.getAttribute("data-node-id")!);
  });
}

async function legendState(page: Page): Promise<{ collapsed: boolean; expanded: string | null; rowsShown: boolean; saved: unknown; box: Box }> {
  return page.evaluate(() => {
    const legend = document.getElementById("legend")!;
    const r = legend.getBoundingClientRect();
    return {
      collapsed: legend.classList.contains("collapsed"),
      expanded: document.getElementById("legend-toggle")!.getAttribute("aria-expanded"),
      rowsShown: getComputedStyle(document.getElementById("legend-rows")!).display !== "none",
      saved: (window as unknown as { __state?: { legendCollapsed?: boolean } }).__state?.legendCollapsed,
      box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
    };
  });
}

/** Reloads the page with the webview state it had saved (as VS Code restores a hidden panel) and redraws. */
async function reloadWithState(w: WebviewPage): Promise<void> {
  const saved = await w.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  await w.page.addInitScript((s) => { (window as unknown as { __state: unknown }).__state = s; }, saved);
  await w.page.reload();
  await w.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === "ready"));
  await w.sendGraph(frontdoor);
}

describe("DAG legend", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("in a tall panel starts unfolded and Fit keeps the graph clear of it", async () => {
    const w = await openWebview(h, { width: 900, height: 640 });
    await w.sendGraph(frontdoor);
    const s = await legendState(w.page);
    expect(s).toMatchObject({ collapsed: false, expanded: "true", rowsShown: true, saved: undefined });
    expect(s.box.bottom - s.box.top).toBeGreaterThan(60); // all rows shown
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("in a short panel folds itself; unfolding refits so that no node is under it; the choice is saved and survives a reload", async () => {
    const w = await openWebview(h, { width: 700, height: 200 });
    await w.sendGraph(frontdoor);
    let s = await legendState(w.page);
    expect(s).toMatchObject({ collapsed: true, expanded: "false", rowsShown: false, saved: undefined });
    expect(s.box.bottom - s.box.top).toBeLessThan(30); // just the toggle
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    await w.page.screenshot({ path: "test/artifacts/browser-legend-short-folded.png" });

    await w.page.locator("#legend-toggle").click();
    s = await legendState(w.page);
    expect(s).toMatchObject({ collapsed: false, expanded: "true", rowsShown: true, saved: false });
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    // Fit keeps that after a zoom too.
    await w.page.locator("#zoom-in").click();
    await w.page.locator("#fit").click();
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    await w.page.screenshot({ path: "test/artifacts/browser-legend-short-unfolded.png" });

    // The user's choice wins over the automatic fold after a reload.
    await reloadWithState(w);
    expect(await legendState(w.page)).toMatchObject({ collapsed: false, rowsShown: true, saved: false });
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    await w.page.locator("#legend-toggle").click();
    expect(await legendState(w.page)).toMatchObject({ collapsed: true, rowsShown: false, saved: true });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("a fold chosen in a tall panel is kept across a reload", async () => {
    const w = await openWebview(h, { width: 900, height: 640 });
    await w.sendGraph(frontdoor);
    await w.page.locator("#legend-toggle").click();
    expect(await legendState(w.page)).toMatchObject({ collapsed: true, saved: true });
    await reloadWithState(w);
    expect(await legendState(w.page)).toMatchObject({ collapsed: true, expanded: "false", rowsShown: false, saved: true });
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    await w.page.close();
  });

  it("with the query section open (the graph gets half the panel) no node is under the legend", async () => {
    const w = await openWebview(h, { width: 520, height: 760 });
    await w.sendGraph(frontdoor);
    await w.page.locator("#intervene").click();
    await w.page.locator("#query").waitFor({ state: "visible" });
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    const folded = (await legendState(w.page)).collapsed;
    // Unfolded by the user, the query swatches show and Fit still keeps the nodes clear.
    if (folded) await w.page.locator("#legend-toggle").click();
    const s = await legendState(w.page);
    expect(s).toMatchObject({ collapsed: false, rowsShown: true });
    expect(await w.page.locator(".legend-row.query-only").first().isVisible()).toBe(true);
    expect(await nodesUnderLegend(w.page)).toEqual([]);
    await w.page.screenshot({ path: "test/artifacts/browser-legend-query-open.png" });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
