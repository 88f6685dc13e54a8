// The DAG panel adapts to its size (issue 12, item 7), in real Chromium with the stubbed host: it re-fits
// when the panel shrinks or grows (unless the user zoomed or panned since the last fit), centres the
// graph in the room the header and the legend leave, never draws a node under the legend, re-fits a new
// layout that no longer fits, and keeps the status line clear of the toolbar (truncated with a tooltip).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness } from "./harness";

const executable = requireChromium();

/** A layered DAG of `n` nodes (node i reads i-1 and, every third, i-3): deterministic, taller than wide. */
function chain(n: number) {
  const nodes = Array.from({ length: n }, (_, i) => `variable_${i}`);
  const edges: [string, string][] = [];
  for (let i = 1; i < n; i++) {
    edges.push([nodes[i - 1], nodes[i]]);
    if (i % 3 === 0 && i >= 3) edges.push([nodes[i - 3], nodes[i]]);
  }
  return graphMessage(nodes, edges, { title: "a model" });
}

/** Lets ResizeObserver callbacks and the re-fit they schedule (next animation frame) run. */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => {
  let frames = 4;
  const tick = () => (--frames ? requestAnimationFrame(tick) : resolve(undefined));
  requestAnimationFrame(tick);
}));

interface Geometry {
  nodes: Array<{ id: string; left: number; top: number; right: number; bottom: number }>;
  svg: { left: number; top: number; right: number; bottom: number };
  headerBottom: number;
  legend: { left: number; top: number; right: number; bottom: number } | null;
}

/** What the user sees: every node box, the panel's drawing area, the bottom of the header, the legend's box. */
function geometry(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const nodes = [...document.querySelectorAll("g.node")].map((g) => ({ id: g.getAttribute("data-node-id") ?? "", ...box(g.querySelector("rect")!) }));
    const legend = document.getElementById("legend")!;
    const headerBottom = Math.max(...["status", "toolbar"].map((id) => document.getElementById(id)!.getBoundingClientRect().bottom));
    return { nodes, svg: box(document.getElementById("dag")!), headerBottom, legend: legend.offsetParent ? box(legend) : null };
  });
}

/** Every node lies inside the drawing area, below the header and clear of the legend. */
function expectAllVisible(g: Geometry): void {
  expect(g.nodes.length).toBeGreaterThan(0);
  const overlaps = (a: Geometry["svg"], b: Geometry["svg"]) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const n of g.nodes) {
    expect(n.left, n.id).toBeGreaterThanOrEqual(g.svg.left - 0.5);
    expect(n.right, n.id).toBeLessThanOrEqual(g.svg.right + 0.5);
    expect(n.top, n.id).toBeGreaterThanOrEqual(g.headerBottom);
    expect(n.bottom, n.id).toBeLessThanOrEqual(g.svg.bottom + 0.5);
    if (g.legend) expect(overlaps(n, g.legend), `${n.id} is under the legend`).toBe(false);
  }
}

/** The drawing's bounding box is centred in the room between the header and the legend (within `tol` px). */
function expectCentred(g: Geometry, tol = 12): void {
  const left = Math.min(...g.nodes.map((n) => n.left)), right = Math.max(...g.nodes.map((n) => n.right));
  const top = Math.min(...g.nodes.map((n) => n.top)), bottom = Math.max(...g.nodes.map((n) => n.bottom));
  const roomBottom = g.legend ? Math.min(g.svg.bottom, g.legend.top) : g.svg.bottom;
  expect(Math.abs((left + right) / 2 - (g.svg.left + g.svg.right) / 2)).toBeLessThan(tol);
  expect(Math.abs((top + bottom) / 2 - (g.headerBottom + roomBottom) / 2)).toBeLessThan(tol + 8);
}

const scaleOf = (page: Page) => page.evaluate(() => document.querySelector("#dag g.viewport")?.getAttribute("transform") ?? "");

describe("the DAG panel adapts to its size", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("re-fits when the panel shrinks (a Problems panel opens) and grows again: all nodes visible, none under the legend, centred", async () => {
    const w = await openWebview(h, { width: 900, height: 700 });
    await w.sendGraph(chain(12));
    await settle(w.page);
    expectAllVisible(await geometry(w.page));
    await w.page.setViewportSize({ width: 900, height: 330 });
    await settle(w.page);
    const small = await geometry(w.page);
    expectAllVisible(small);
    expectCentred(small);
    await w.page.setViewportSize({ width: 1300, height: 950 });
    await settle(w.page);
    const large = await geometry(w.page);
    expectAllVisible(large);
    expectCentred(large);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("keeps the user's zoom and pan across a resize; Fit re-fits and resizes follow the panel again", async () => {
    const w = await openWebview(h, { width: 900, height: 700 });
    await w.sendGraph(chain(12));
    await w.page.locator("#zoom-in").click();
    await settle(w.page);
    const zoomed = await scaleOf(w.page);
    await w.page.setViewportSize({ width: 700, height: 420 });
    await settle(w.page);
    expect(await scaleOf(w.page)).toBe(zoomed);
    // A pan with the mouse is the user's view too.
    await w.page.locator("#fit").click();
    await settle(w.page);
    expectAllVisible(await geometry(w.page));
    const box = (await w.page.locator("#dag").boundingBox())!;
    await w.page.mouse.move(box.x + 40, box.y + box.height / 2);
    await w.page.mouse.down();
    await w.page.mouse.move(box.x + 240, box.y + box.height / 2 + 30, { steps: 6 });
    await w.page.mouse.up();
    const panned = await scaleOf(w.page);
    await w.page.setViewportSize({ width: 760, height: 400 });
    await settle(w.page);
    expect(await scaleOf(w.page)).toBe(panned);
    await w.page.locator("#fit").click();
    await w.page.setViewportSize({ width: 900, height: 280 });
    await settle(w.page);
    expectAllVisible(await geometry(w.page));
    await w.page.close();
  });

  it("re-fits a new layout that no longer fits the view (a model that grew while typing)", async () => {
    const w = await openWebview(h, { width: 900, height: 600 });
    await w.sendGraph(chain(3));
    await w.sendGraph(chain(16));
    await w.page.waitForTimeout(400); // the zoom transition
    expectAllVisible(await geometry(w.page));
    await w.page.close();
  });

  it("the query section's opening shrinks the drawing: it re-fits above the legend", async () => {
    const w = await openWebview(h, { width: 900, height: 700 });
    await w.sendGraph(chain(12));
    await w.page.locator("#intervene").click();
    await settle(w.page);
    const g = await geometry(w.page);
    expect(g.svg.bottom).toBeLessThan(700 * 0.6);
    expectAllVisible(g);
    await w.page.close();
  });

  for (const width of [560, 300]) {
    it(`the status line is never hidden behind the toolbar (${width} px): fully shown, or cut with "…" and the whole text in its tooltip`, async () => {
      const w = await openWebview(h, { width, height: 500 });
      const title = "front-door: smoking, tar and cancer, with a genotype nobody measured";
      await w.sendGraph({ ...chain(4), title });
      await settle(w.page);
      const s = await w.page.evaluate(() => {
        const status = document.getElementById("status")!;
        const r = status.getBoundingClientRect();
        const bars = [...document.querySelectorAll("#toolbar button")].map((b) => b.getBoundingClientRect()).filter((b) => b.width > 0);
        const covered = bars.some((b) => b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom);
        return { text: status.textContent ?? "", title: status.title, cut: status.scrollWidth > status.clientWidth + 1, covered, width: r.width, right: r.right };
      });
      expect(s.covered).toBe(false);
      expect(s.right).toBeLessThanOrEqual(width);
      expect(s.width).toBeGreaterThan(100); // room for a readable start of the text
      expect(s.text).toContain(title);
      if (s.cut) expect(s.title).toBe(s.text);
      expectAllVisible(await geometry(w.page));
      await w.page.close();
    });
  }
});
