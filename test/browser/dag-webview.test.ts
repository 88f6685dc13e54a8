// The DAG webview in real Chromium with a stubbed host: drawing, styles, stable layout, messages, export.
import { mkdirSync, writeFileSync } from "node:fs";
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
    expect(text).toMatch(/stroke-dasharray="5(px)?,? 3/); // the latent node keeps its dashed outline (a presentation attribute: the CSP blocks style="")
    expect(text).not.toMatch(/class="node/);
    await w.send({ type: "exportRequest", requestId: 8, format: "png" });
    const results = await w.waitForPosted("exportResult", 2);
    expect(results[1].error).toBeUndefined();
    const png = String(results[1].data);
    expect(png.startsWith("data:image/png;base64,")).toBe(true);
    expect(Buffer.from(png.slice(22), "base64").subarray(1, 4).toString()).toBe("PNG");
    await w.page.close();
  });

  /**
   * What a user sees in an exported image: the exported SVG drawn inline on a blank part of the page
   * (and the PNG as an image), every node's box inside the image and inked (its pixels differ from the
   * background), each label's text present; no hit paths or connect handles in the file.
   */
  async function exportedLooksDrawn(w: WebviewPage, requestId: number): Promise<void> {
    await w.send({ type: "exportRequest", requestId, format: "svg" });
    const svgResult = (await w.waitForPosted("exportResult", requestId - 99)).find((m) => m.requestId === requestId)!;
    const text = String(svgResult.data);
    // The live drawing has interaction-only shapes (wide transparent hit paths, connect handles); the file keeps every other shape.
    const live = await w.page.evaluate(() => {
      const all = [...document.querySelectorAll("#dag path, #dag rect, #dag circle")];
      return { interaction: all.filter((e) => e.closest(".hit, .handle, .drag")).length, drawn: all.filter((e) => !e.closest(".hit, .handle, .drag")).length };
    });
    expect(live.interaction).toBeGreaterThan(0);
    for (const label of ["U", "X", "M", "Y"]) expect(text).toMatch(new RegExp(`>${label}</text>`));
    const boxes = await w.page.evaluate((svgText) => {
      const host = document.createElement("div");
      host.id = "export-check";
      host.style.cssText = "position:fixed;left:0;top:0;z-index:99;background:#fff;padding:0;margin:0";
      host.innerHTML = svgText;
      document.body.append(host);
      const svg = host.querySelector("svg")!;
      const outer = svg.getBoundingClientRect();
      const nodes = [...svg.querySelectorAll("g[data-node-id]")].map((g) => {
        const r = (g.querySelector("rect") ?? g).getBoundingClientRect();
        return { id: g.getAttribute("data-node-id"), x: r.x, y: r.y, w: r.width, h: r.height };
      });
      // Shapes in the file, less the background rect the export adds.
      const shapes = svg.querySelectorAll("path, rect, circle").length - 1;
      return { outer: { x: outer.x, y: outer.y, w: outer.width, h: outer.height }, nodes, shapes };
    }, text);
    expect(boxes.nodes).toHaveLength(4);
    expect(boxes.shapes).toBe(live.drawn);
    const shot = await w.page.screenshot({ clip: { x: boxes.outer.x, y: boxes.outer.y, width: Math.max(1, boxes.outer.w), height: Math.max(1, boxes.outer.h) } });
    const rel = boxes.nodes.map((b) => ({ x: b.x - boxes.outer.x, y: b.y - boxes.outer.y, width: b.w, height: b.h }));
    for (const b of boxes.nodes) {
      // The node box lies inside the exported image (not lost outside its viewBox) ...
      expect(b.x - boxes.outer.x, b.id!).toBeGreaterThanOrEqual(0);
      expect(b.y - boxes.outer.y, b.id!).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w, b.id!).toBeLessThanOrEqual(boxes.outer.x + boxes.outer.w + 0.5);
      expect(b.y + b.h, b.id!).toBeLessThanOrEqual(boxes.outer.y + boxes.outer.h + 0.5);
    }
    // ... and is drawn: its outline and label ink some of its pixels, in the SVG and in the 2x PNG.
    const fromSvg = await inkRatios(`data:image/png;base64,${shot.toString("base64")}`, rel, 1);
    fromSvg.forEach((r, k) => expect(r, `svg ${boxes.nodes[k].id}`).toBeGreaterThan(0.02));
    await w.page.evaluate(() => document.getElementById("export-check")?.remove());
    await w.send({ type: "exportRequest", requestId: requestId + 1, format: "png" });
    const pngResult = (await w.waitForPosted("exportResult", requestId - 98)).find((m) => m.requestId === requestId + 1)!;
    const fromPng = await inkRatios(String(pngResult.data), rel, 2);
    fromPng.forEach((r, k) => expect(r, `png ${boxes.nodes[k].id}`).toBeGreaterThan(0.02));
    // The files as a user gets them, for the eye (test/artifacts is not committed).
    mkdirSync("test/artifacts", { recursive: true });
    writeFileSync(`test/artifacts/browser-export-${requestId}.svg`, text);
    writeFileSync(`test/artifacts/browser-export-${requestId}.png`, Buffer.from(String(pngResult.data).slice(22), "base64"));
  }

  /** The share of each rect's pixels (rects in CSS px, the image at `scale`) that differ from the image's top-left pixel (its background): decoded in a blank page. */
  async function inkRatios(src: string, rects: { x: number; y: number; width: number; height: number }[], scale: number): Promise<number[]> {
    const blank = await h.browser.newPage();
    try {
      return await blank.evaluate(async ([url, rs, k]) => {
        const img = new Image();
        img.src = url;
        await img.decode();
        const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
        const ctx = canvas.getContext("2d")!;
        ctx.drawImage(img, 0, 0);
        const bg = ctx.getImageData(1, 1, 1, 1).data;
        return rs.map((r) => {
          const x = Math.max(0, Math.floor(r.x * k)), y = Math.max(0, Math.floor(r.y * k));
          const wd = Math.min(img.naturalWidth - x, Math.ceil(r.width * k)), ht = Math.min(img.naturalHeight - y, Math.ceil(r.height * k));
          if (wd <= 0 || ht <= 0) return 0;
          const d = ctx.getImageData(x, y, wd, ht).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 30) n++;
          return n / (wd * ht);
        });
      }, [src, rects, scale] as const);
    } finally {
      await blank.close();
    }
  }

  it("an exported SVG and PNG show every node box and label, for a fresh view and after zooming and panning", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await exportedLooksDrawn(w, 100);
    // Zoom in twice and pan: the export is still the whole drawing, not the panned viewport.
    await w.page.locator("#zoom-in").click();
    await w.page.locator("#zoom-in").click();
    const box = (await w.page.locator("#dag").boundingBox())!;
    await w.page.mouse.move(box.x + box.width / 2, box.y + box.height - 40);
    await w.page.mouse.down();
    await w.page.mouse.move(box.x + box.width / 2 + 260, box.y + box.height - 240, { steps: 8 });
    await w.page.mouse.up();
    const transform = await w.page.evaluate(() => document.querySelector("#dag g.viewport")?.getAttribute("transform") ?? "");
    expect(transform).toMatch(/scale|matrix|translate/);
    await exportedLooksDrawn(w, 102);
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

  it("keeps up with fast typing: updates that arrive while a layout runs are skipped for the newest one", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    const before = Number(await w.page.evaluate(() => document.body.dataset.renders));
    // Five structural edits in one burst (a new variable each time): each needs ELK, which runs in its worker.
    const burst = [1, 2, 3, 4, 5].map((k) => graphMessage(["U", "X", "M", "Y", ...Array.from({ length: k }, (_, i) => `N${i}`)],
      [["U", "X"], ["X", "M"], ["M", "Y"], ...Array.from({ length: k }, (_, i) => ["Y", `N${i}`] as [string, string])]));
    await w.page.evaluate((ms) => { for (const m of ms) window.postMessage(m, "*"); }, burst);
    await expect.poll(() => w.page.locator("g.node").count()).toBe(9);
    await w.page.waitForTimeout(300);
    expect((await w.page.locator("g.node").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-node-id")).sort()))).toEqual(["M", "N0", "N1", "N2", "N3", "N4", "U", "X", "Y"]);
    // The first starts its layout at once; the three queued behind it are superseded by the fifth.
    expect(Number(await w.page.evaluate(() => document.body.dataset.renders)) - before).toBeLessThanOrEqual(2);
    expect(w.errors).toEqual([]);
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
