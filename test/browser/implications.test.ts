// The DAG panel's "Testable implications" and the palette's panel commands, in real Chromium on the
// page the extension serves. The graph and its implications are made by the host's own functions
// (graph-source.ts, implications-for-panel.ts) from DAGitty text, so what the list shows is what the
// host sends and the CLI prints. Checked as a user sees it: the folded line and its count, the
// statements' text, which nodes light up (computed stroke and opacity) on hover and after a click,
// "and N more" for a large graph, the open list kept clear of the nodes by Fit, and the commands
// (Show Testable Implications, Zoom, Fit, Run Query, Clear Query) doing what their buttons do.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGraphSource, toGraphUpdate } from "../../src/extension/graph-source";
import { implicationsForPanel } from "../../src/extension/implications-for-panel";
import { openWebview, requireChromium, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

/** What the host sends for this DAGitty text: the graph, then its implications. */
function hostMessages(text: string, title?: string, kind?: "model") {
  const source = readGraphSource(text, "g.dagitty");
  const graph = { ...toGraphUpdate(source, 0, { direction: "DOWN", editable: true }, "g.dagitty"), modelIndex: 0, ...(title ? { title } : {}), ...(kind ? { source: kind } : {}) };
  const implications = { ...implicationsForPanel(source.models[0], 0), ...(title ? { model: title } : {}) };
  return { graph, implications };
}

// B -> A -> X -> Y, A -> Y, C -> X: five non-adjacent pairs, five statements.
const CONFOUNDED = "dag { B -> A; A -> X; X -> Y; A -> Y; C -> X }";
const CHAIN = `dag {\n${Array.from({ length: 59 }, (_, i) => `v${i} -> v${i + 1}`).join("\n")}\n}`;

async function show(w: WebviewPage, text: string, title?: string, kind?: "model"): Promise<ReturnType<typeof hostMessages>> {
  const m = hostMessages(text, title, kind);
  await w.sendGraph(m.graph);
  await w.send(m.implications);
  await w.page.waitForFunction((n) => document.getElementById("implications-toggle")?.textContent === `Testable implications (${n})`, m.implications.total);
  return m;
}

/** Per node: its highlight classes, its rect's computed stroke and stroke width, and the node's opacity. */
async function marks(page: Page): Promise<Record<string, { cls: string; stroke: string; width: string; opacity: string }>> {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll("g.node")].map((g) => {
    const r = getComputedStyle(g.querySelector("rect")!);
    const cls = ["implied-pair", "implied-given"].filter((c) => g.classList.contains(c)).join(" ");
    return [g.getAttribute("data-node-id")!, { cls, stroke: r.stroke, width: r.strokeWidth, opacity: getComputedStyle(g).opacity }];
  })));
}

const items = (page: Page) => page.locator("#implications-list li").allTextContents();

describe("Testable implications in the DAG panel", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("folded to one line with the count; opened, it lists the host's statements in the CLI's order", async () => {
    const w = await openWebview(h);
    const { implications } = await show(w, CONFOUNDED);
    expect(implications.total).toBe(5);
    expect(await w.page.locator("#implications").isVisible()).toBe(true);
    expect(await w.page.locator("#implications-list").isVisible()).toBe(false);
    await w.page.locator("#implications-toggle").click();
    expect(await w.page.locator("#implications-toggle").getAttribute("aria-expanded")).toBe("true");
    const expected = implications.items.map((i) => `${i.x} ⊥ ${[i.y].flat().join(", ")}${i.given.length ? ` | ${i.given.join(", ")}` : ""}`);
    expect(await items(w.page)).toEqual(expected);
    // By hand for this DAG (the local Markov basis, X ⊥ non-descendants \ parents | parents): B's only non-descendant
    // is C; Y is independent of both roots given its parents A and X.
    expect(expected).toContainEqual("B ⊥ C");
    expect(expected).toContainEqual(expect.stringMatching(/^Y ⊥ (B, C|C, B) \| (A, X|X, A)$/));
    expect(w.errors).toEqual([]);
  });

  it("hovering a statement lights its pair and its conditioning set and dims the rest; a click pins it across a redraw", async () => {
    const w = await openWebview(h);
    const { implications } = await show(w, CONFOUNDED);
    await w.page.locator("#implications-toggle").click();
    const k = implications.items.findIndex((i) => i.given.length === 2);
    const item = implications.items[k];
    await w.page.mouse.move(5, 5); // the list opened under the pointer
    const before = await marks(w.page);
    expect(Object.values(before).every((m) => m.cls === "" && m.opacity === "1")).toBe(true);
    await w.page.locator(`#implications-list li[data-index="${k}"]`).hover();
    const on = await marks(w.page);
    for (const id of [item.x, ...[item.y].flat()]) {
      expect(on[id].cls).toBe("implied-pair");
      expect(on[id].width).toBe("3.5px");
      expect(on[id].stroke).not.toBe(before[id].stroke);
      expect(on[id].opacity).toBe("1");
    }
    for (const id of item.given) expect(on[id]).toMatchObject({ cls: "implied-given", width: "2px", opacity: "1" });
    const bystander = Object.keys(on).find((id) => id !== item.x && ![item.y].flat().includes(id) && !item.given.includes(id))!;
    expect(on[bystander]).toMatchObject({ cls: "", opacity: "0.35" });
    await w.page.mouse.move(5, 5);
    expect(Object.values(await marks(w.page)).every((m) => m.cls === "" && m.opacity === "1")).toBe(true);

    await w.page.locator(`#implications-list li[data-index="${k}"]`).click();
    await w.page.mouse.move(5, 5);
    expect((await marks(w.page))[item.x].cls).toBe("implied-pair");
    // A live edit redraws every node (their classes rewritten): the pinned statement stays marked.
    await w.sendGraph({ ...hostMessages(CONFOUNDED).graph, nodes: hostMessages(CONFOUNDED).graph.nodes.map((n) => ({ ...n, mechanism: "edited" })) });
    expect((await marks(w.page))[item.x].cls).toBe("implied-pair");
    expect((await marks(w.page))[item.given[0]].cls).toBe("implied-given");
    await w.page.locator(`#implications-list li[data-index="${k}"]`).press("Escape");
    expect(Object.values(await marks(w.page)).every((m) => m.cls === "")).toBe(true);
  });

  it("a large graph shows the first 50 and 'and N more'; another model's graph drops the list until its own arrives", async () => {
    const w = await openWebview(h);
    await show(w, CHAIN);
    await w.page.locator("#implications-toggle").click();
    const rows = await items(w.page);
    expect(rows).toHaveLength(51);
    expect(rows[0]).toBe("v2 ⊥ v0 | v1");
    expect(rows[1]).toBe("v3 ⊥ v0, v1 | v2");
    expect(rows[50]).toBe("and 8 more (causal-studio graph --json lists all)"); // the basis: v2 … v59, one statement each
    const other = hostMessages("dag { P -> Q }", "other");
    await w.sendGraph(other.graph);
    expect(await w.page.locator("#implications").isVisible()).toBe(false);
    await w.send(other.implications);
    await w.page.waitForFunction(() => document.getElementById("implications-toggle")?.textContent === "Testable implications (0)");
    expect(await items(w.page)).toEqual(["None: every pair of observed variables is adjacent or joined through a hidden common cause, so there is no conditional independence to test."]);
  });

  it.each([{ width: 700, height: 420 }, { width: 520, height: 640 }, { width: 380, height: 640 }])("open, the list covers no node (Fit keeps its room) and neither it nor the legend covers the other: %o", async (size) => {
    const w = await openWebview(h, size);
    await show(w, CONFOUNDED);
    await w.page.locator("#implications-toggle").click();
    await w.page.waitForTimeout(300);
    const r = await w.page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const meets = (a: DOMRect, b: DOMRect) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
      const l = box(document.getElementById("implications")!);
      const legend = box(document.getElementById("legend")!);
      const list = document.getElementById("implications-list")!;
      return {
        nodes: [...document.querySelectorAll("g.node rect")].filter((n) => meets(box(n), l)).length,
        legend: meets(legend, l), inside: l.left >= 0 && l.right <= window.innerWidth && l.top >= 0,
        clipped: [...list.querySelectorAll("li")].filter((li) => li.scrollWidth > li.clientWidth + 1).length,
      };
    });
    expect(r).toEqual({ nodes: 0, legend: false, inside: true, clipped: 0 });
  });
});

describe("palette commands in the DAG panel (host -> webview `command`)", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });
  const scale = (page: Page) => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector("g.viewport")!).transform).a);

  it("Show Testable Implications opens the list and focuses its first statement", async () => {
    const w = await openWebview(h);
    await show(w, CONFOUNDED);
    await w.send({ type: "command", name: "showImplications" });
    await w.page.locator("#implications-list").waitFor({ state: "visible" });
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute("data-index"))).toBe("0");
  });

  it("Zoom In scales the drawing by 1.25, Fit DAG to View brings the fitted scale back", async () => {
    const w = await openWebview(h);
    await show(w, CONFOUNDED);
    const fitted = await scale(w.page);
    await w.send({ type: "command", name: "zoomIn" });
    await w.page.waitForTimeout(400);
    expect((await scale(w.page)) / fitted).toBeCloseTo(1.25, 3);
    await w.send({ type: "command", name: "fitView" });
    await w.page.waitForTimeout(400);
    expect(await scale(w.page)).toBeCloseTo(fitted, 3);
  });

  it("Run Query opens the query bar and, with no target, says what is missing; Clear Query empties a built query", async () => {
    const w = await openWebview(h);
    await show(w, CONFOUNDED, undefined, "model"); // a model's graph (a DAGitty graph cannot run queries)
    expect(await w.page.locator("#query").isVisible()).toBe(false);
    await w.send({ type: "command", name: "runQuery" });
    await w.page.locator('#query-results[data-state="invalid"]').waitFor();
    expect(await w.page.locator("#query").isVisible()).toBe(true);
    expect((await w.posted()).filter((m) => m.type === "runQuery")).toEqual([]);
    await w.page.locator('g.node[data-node-id="Y"]').click();
    await w.page.locator('#popover button[data-role="target"]').click();
    await w.page.locator('#query-chips .chip[data-role="target"]').waitFor();
    await w.send({ type: "command", name: "runQuery" });
    await w.waitForPosted("runQuery");
    expect((await w.posted()).filter((m) => m.type === "runQuery")[0]).toMatchObject({ target: "Y", do: {}, given: {} });
    await w.send({ type: "command", name: "clearQuery" });
    await w.page.waitForFunction(() => document.querySelectorAll("#query-chips .chip").length === 0);
    expect(await w.page.locator("#query-results").getAttribute("data-state")).toBe("idle");
    expect((await w.posted()).filter((m) => m.type === "cancelQuery")).toHaveLength(1);
    await w.send({ type: "command", name: "closeQuery" });
    await w.page.locator("#query").waitFor({ state: "hidden" });
  });
});
