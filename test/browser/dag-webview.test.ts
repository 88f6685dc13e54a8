// The DAG webview in real Chromium with a stubbed host: drawing, styles, stable layout, messages, export.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FromWebview } from "../../src/protocol/messages";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

const frontdoor = graphMessage(
  [{ id: "U", latent: true }, { id: "X", mechanism: "bernoulli(U ? 0.8 : 0.2)" }, "M", "Y"],
  [["U", "X"], ["U", "Y"], ["X", "M"], ["M", "Y"]],
);

async function positions(w: WebviewPage): Promise<Record<string, string>> {
  return w.page.evaluate(() => Object.fromEntries([...document.querySelectorAll("g.node")].map((g) => [g.getAttribute("data-node-id"), g.getAttribute("transform")])));
}

/** Clicks the middle of an edge's path with a real mouse event. */
async function clickEdge(w: WebviewPage, from: string, to: string): Promise<void> {
  const at = await w.page.locator(`g.edge[data-from="${from}"][data-to="${to}"] path.hit`).evaluate((p: SVGPathElement) => {
    const m = p.getPointAtLength(p.getTotalLength() / 2).matrixTransform(p.getScreenCTM()!);
    return { x: m.x, y: m.y };
  });
  await w.page.mouse.click(at.x, at.y);
}

/** A random DAG (edges only from lower to higher index), from a fixed-seed LCG. */
export function randomDagEdges(n: number, perNode: number, seed: number): [string, string][] {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const edges = new Set<string>();
  for (let i = 1; i < n; i++) {
    const k = Math.max(1, Math.round(perNode * (0.5 + rand())));
    for (let j = 0; j < k; j++) edges.add(`v${Math.floor(rand() * i)}|v${i}`);
  }
  return [...edges].map((e) => e.split("|") as [string, string]);
}

describe("DAG webview in Chromium", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("draws one node per variable and one edge per dependency, with latent and bidirected styles", async () => {
    const w = await openWebview(h);
    await w.sendGraph(graphMessage([{ id: "U", latent: true }, "X", "M", "Y"], [["U", "X"], ["X", "M"], ["M", "Y"], ["X", "Y", "bidirected"]]));
    const page = w.page;
    expect(await page.locator("g.node").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-node-id")).sort())).toEqual(["M", "U", "X", "Y"]);
    expect(await page.locator("g.edge").evaluateAll((gs) => gs.map((g) => `${g.getAttribute("data-from")}${g.getAttribute("data-kind") === "bidirected" ? "<->" : "->"}${g.getAttribute("data-to")}`).sort()))
      .toEqual(["M->Y", "U->X", "X->M", "X<->Y"]);
    const latentDash = await page.locator('g.node[data-node-id="U"] rect').evaluate((r) => getComputedStyle(r).strokeDasharray);
    const observedDash = await page.locator('g.node[data-node-id="X"] rect').evaluate((r) => getComputedStyle(r).strokeDasharray);
    expect(latentDash).not.toBe("none");
    expect(observedDash).toBe("none");
    const bi = page.locator('g.edge[data-kind="bidirected"] path.line');
    expect(await bi.evaluate((p) => getComputedStyle(p).strokeDasharray)).not.toBe("none");
    expect(await bi.getAttribute("marker-start")).toBe("url(#arrow-start)");
    expect(await bi.getAttribute("marker-end")).toBe("url(#arrow)");
    expect(await bi.getAttribute("d")).toMatch(/Q/); // curved
    const directed = page.locator('g.edge[data-from="X"][data-to="M"] path.line');
    expect(await directed.getAttribute("marker-start")).toBeNull();
    // Layered: in a DOWN layout every directed edge points downwards.
    const y = async (id: string) => Number((await page.locator(`g.node[data-node-id="${id}"]`).getAttribute("transform"))!.match(/,([-\d.]+)\)/)![1]);
    expect(await y("U")).toBeLessThan(await y("X"));
    expect(await y("X")).toBeLessThan(await y("M"));
    expect(await y("M")).toBeLessThan(await y("Y"));
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.screenshot({ path: "test/artifacts/browser-frontdoor.png" });
    await page.close();
  });

  it("keeps node positions when an edit changes only mechanism text, and skips the layout", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    const before = await positions(w);
    const changed = { ...frontdoor, nodes: frontdoor.nodes.map((n) => (n.id === "X" ? { ...n, mechanism: "bernoulli(0.5)" } : n)) };
    await w.sendGraph(changed);
    expect(await positions(w)).toEqual(before);
    // hover shows the new mechanism text
    await w.page.locator('g.node[data-node-id="X"]').hover();
    await expect.poll(() => w.page.locator("#tooltip").textContent()).toContain("bernoulli(0.5)");
    await w.page.close();
  });

  it("keeps the relative order of existing nodes when an unrelated node is added", async () => {
    const w = await openWebview(h);
    const base = graphMessage(["A", "B", "C", "D"], [["A", "C"], ["B", "D"]]);
    await w.sendGraph(base);
    const xs = async () => Object.fromEntries(Object.entries(await positions(w)).map(([id, t]) => [id, Number(t.match(/translate\(([-\d.]+)/)![1])]));
    const before = await xs();
    await w.sendGraph(graphMessage(["A", "B", "C", "D", "E"], [["A", "C"], ["B", "D"]]));
    const after = await xs();
    expect(Math.sign(after.A - after.B)).toBe(Math.sign(before.A - before.B));
    expect(Math.sign(after.C - after.D)).toBe(Math.sign(before.C - before.D));
    await w.page.close();
  });

  it("clicking a node posts a valid nodeClicked message; Enter on a focused node does too", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.page.locator('g.node[data-node-id="M"]').click();
    const [clicked] = await w.waitForPosted("nodeClicked");
    expect(FromWebview.parse(clicked)).toEqual({ type: "nodeClicked", id: "M" });
    await w.page.locator('g.node[data-node-id="Y"]').focus();
    await w.page.keyboard.press("Enter");
    const all = await w.waitForPosted("nodeClicked", 2);
    expect(all[1]).toEqual({ type: "nodeClicked", id: "Y" });
    await w.page.close();
  });

  it("arrow keys move focus to the neighbouring node", async () => {
    const w = await openWebview(h);
    await w.sendGraph(graphMessage(["A", "B"], [["A", "B"]]));
    await w.page.locator('g.node[data-node-id="A"]').focus();
    await w.page.keyboard.press("ArrowDown");
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute("data-node-id"))).toBe("B");
    await w.page.close();
  });

  it("an invalid message shows an error, is reported to the host, and keeps the drawing", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.send({ type: "graph", nodes: "not a list" });
    await w.send({ hello: 1 });
    const reports = await w.waitForPosted("webviewError", 2);
    expect(String(reports[0].message)).toMatch(/invalid host-to-webview message of type "graph"/);
    expect(await w.page.locator("#banner").isVisible()).toBe(true);
    expect(await w.page.locator("#banner").textContent()).toMatch(/invalid/);
    expect(await w.page.locator("g.node").count()).toBe(4);
    await w.page.close();
  });

  it("an update with errors and no graph keeps the last good drawing under an error banner", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.sendGraph(graphMessage([], [], { errors: [{ message: "Expected ')'", range: { line: 4, column: 9, endLine: 4, endColumn: 10 } }] }));
    expect(await w.page.locator("#banner").textContent()).toContain("line 4:10: Expected ')'");
    expect(await w.page.locator("g.node").count()).toBe(4);
    await w.page.close();
  });

  it("dragging from a node's handle onto another node requests that edge", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    const handle = await w.page.locator('g.node[data-node-id="X"] circle.handle').boundingBox();
    const target = await w.page.locator('g.node[data-node-id="Y"] rect').boundingBox();
    await w.page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await w.page.mouse.down();
    await w.page.mouse.move(target!.x + 10, target!.y + 10, { steps: 5 });
    await w.page.mouse.up();
    const [req] = await w.waitForPosted("edgeRequest");
    expect(FromWebview.parse(req)).toEqual({ type: "edgeRequest", op: "add", from: "X", to: "Y", kind: "directed" });
    await w.page.close();
  });

  it("selecting two nodes and pressing a requests an edge; selecting an edge and pressing Delete removes it", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.page.locator('g.node[data-node-id="M"]').click();
    await w.page.locator('g.node[data-node-id="U"]').click({ modifiers: ["Shift"] });
    await w.page.keyboard.press("a");
    expect((await w.waitForPosted("edgeRequest"))[0]).toEqual({ type: "edgeRequest", op: "add", from: "M", to: "U", kind: "directed" });
    await clickEdge(w, "X", "M");
    await w.page.keyboard.press("Delete");
    expect((await w.waitForPosted("edgeRequest", 2))[1]).toEqual({ type: "edgeRequest", op: "remove", from: "X", to: "M", kind: "directed" });
    await w.page.close();
  });

  it("exports an SVG with inline styles and a PNG", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.send({ type: "exportRequest", requestId: 7, format: "svg" });
    const [svg] = await w.waitForPosted("exportResult");
    expect(svg.requestId).toBe(7);
    const text = String(svg.data);
    expect(text.startsWith("<svg")).toBe(true);
    expect((text.match(/<g[^>]*data-node-id=/g) ?? []).length).toBe(4);
    expect(text).toMatch(/stroke-dasharray:\s*5(px)?,? 3/); // the latent node keeps its dashed outline
    expect(text).not.toMatch(/class="node/);
    await w.send({ type: "exportRequest", requestId: 8, format: "png" });
    const results = await w.waitForPosted("exportResult", 2);
    expect(results[1].error).toBeUndefined();
    const png = String(results[1].data);
    expect(png.startsWith("data:image/png;base64,")).toBe(true);
    expect(Buffer.from(png.slice(22), "base64").subarray(1, 4).toString()).toBe("PNG");
    await w.page.close();
  });

  it("highlights exposure, outcome and the adjustment set, and the cursor's node", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.send({ type: "adjustmentSet", exposures: ["X"], outcomes: ["Y"], set: ["M"], caption: "Adjust for {M}" });
    await w.send({ type: "highlightNode", id: "U" });
    await expect.poll(() => w.page.locator('g.node[data-node-id="X"]').getAttribute("class")).toContain("exposure");
    expect(await w.page.locator('g.node[data-node-id="Y"]').getAttribute("class")).toContain("outcome");
    expect(await w.page.locator('g.node[data-node-id="M"]').getAttribute("class")).toContain("adjusted");
    expect(await w.page.locator('g.node[data-node-id="U"]').getAttribute("class")).toContain("cursor");
    expect(await w.page.locator("#status").textContent()).toBe("Adjust for {M}");
    await w.page.close();
  });

  it("draws a capped 1,500-node graph, says so, and stays responsive", async () => {
    const w = await openWebview(h);
    const n = 1500;
    const nodes = Array.from({ length: n }, (_, i) => `v${i}`);
    const edges = randomDagEdges(n, 1.5, 11);
    await w.sendGraph(graphMessage(nodes, edges, { totalNodes: 5000 }));
    expect(await w.page.locator("g.node").count()).toBe(n);
    expect(await w.page.locator("#status").textContent()).toContain("showing 1500 of 5000");
    expect(await w.page.evaluate(() => 1 + 1)).toBe(2);
    await w.page.close();
  });

  it("puts no hooks on window: a render says where its time went in its event, ELK's warm-up on <body>", async () => {
    const w = await openWebview(h);
    const detail = w.page.evaluate(() => new Promise((resolve) => document.addEventListener("dag-rendered", (e) => resolve((e as CustomEvent).detail), { once: true })));
    await w.sendGraph(frontdoor);
    expect(await detail).toEqual({ renders: 1, layoutMs: expect.any(Number), drawMs: expect.any(Number) });
    await w.page.waitForFunction(() => document.body.dataset.elkWarm === "true", undefined, { timeout: 30_000 });
    // Only what the stub host (harness.ts) installs starts with "__" (and zod's own registry).
    expect(await w.page.evaluate(() => Object.keys(window).filter((k) => k.startsWith("__") && !k.startsWith("__zod_")).sort())).toEqual(["__cspViolations", "__posted", "__state"]);
    await w.page.close();
  });
});
