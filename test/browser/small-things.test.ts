// Issue 12, item 10, in real Chromium with the stubbed host: the small things a user notices in the DAG view.
// Selection has its own mark (not the outcome's colour) and clears on an empty-canvas click or Esc; the
// hover says parents, distribution, support, latent-or-not, ancestors, descendants and the Markov blanket; a
// selected node's relatives are marked; export sets no inline style the CSP blocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGraphSource, toGraphUpdate } from "../../src/extension/graph-source";
import { graphMessage, openWebview, requireChromium, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

const model = graphMessage(
  [
    { id: "U", latent: true, mechanism: "bernoulli(0.5)" },
    { id: "X", mechanism: "bernoulli(U ? 0.8 : 0.2)" },
    { id: "M", mechanism: "normal(X ? 3 : 0, 1)" },
    { id: "Y", mechanism: "bernoulli(sigmoid(M + U - 2))" },
  ],
  [["U", "X"], ["U", "Y"], ["X", "M"], ["M", "Y"]],
);
model.nodes[0] = { ...model.nodes[0], distribution: "bernoulli", support: { kind: "binary" } } as (typeof model.nodes)[number];
model.nodes[2] = { ...model.nodes[2], distribution: "normal", support: { kind: "real" } } as (typeof model.nodes)[number];

const selectedIds = (w: WebviewPage) => w.page.locator("g.node.selected").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-node-id")));
const rectStroke = (w: WebviewPage, id: string) => w.page.locator(`g.node[data-node-id="${id}"] rect`).evaluate((r) => getComputedStyle(r).stroke);

describe("small things a user notices (issue 12, item 10)", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  /** The share of pixels in a band `from`..`to` px outside the box of node `id` that differ from the background. */
  async function ringInk(w: WebviewPage, id: string, from: number, to: number): Promise<number> {
    const box = (await w.page.locator(`g.node[data-node-id="${id}"] rect`).boundingBox())!;
    const clip = { x: box.x - to, y: box.y - to, width: box.width + 2 * to, height: box.height + 2 * to };
    const shot = await w.page.screenshot({ clip });
    const blank = await h.browser.newPage();
    try {
      return await blank.evaluate(async ([url, a, b]) => {
        const img = new Image();
        img.src = url;
        await img.decode();
        const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight).getContext("2d")!;
        c.drawImage(img, 0, 0);
        const d = c.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data;
        const W = img.naturalWidth, H = img.naturalHeight, bg = [d[0], d[1], d[2]];
        let inked = 0, all = 0;
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
          // distance outside the box (the box is [b, W-b) x [b, H-b))
          const dx = Math.max(b - x, x - (W - b - 1), 0), dy = Math.max(b - y, y - (H - b - 1), 0);
          // the band left of the box only: edges enter and leave above and below it, the connect handle sits on its right
          if (dy > 0 || dx < a || dx > b - 1 || x >= b) continue;
          all++;
          const i = 4 * (y * W + x);
          if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 60) inked++;
        }
        return inked / Math.max(1, all);
      }, [`data:image/png;base64,${shot.toString("base64")}`, from, to] as const);
    } finally {
      await blank.close();
    }
  }

  it("a selected node is marked by its own dashed ring, not by the outcome's colour, and keeps its role's outline", async () => {
    const w = await openWebview(h);
    await w.sendGraph(model);
    await w.send({ type: "adjustmentSet", exposures: ["X"], outcomes: ["Y"], set: ["U"], caption: "Adjust for {U}" });
    await expect.poll(() => w.page.locator("g.node.outcome").count()).toBe(1);
    const outcomeStroke = await rectStroke(w, "Y");
    const plainStroke = await rectStroke(w, "M");
    expect(await ringInk(w, "M", 3, 8)).toBeLessThan(0.02);
    await w.page.locator('g.node[data-node-id="M"]').click();
    expect(await selectedIds(w)).toEqual(["M"]);
    // The box keeps its outline; the selection is a ring outside it, in a colour that is not the outcome's.
    expect(await rectStroke(w, "M")).toBe(plainStroke);
    expect(await rectStroke(w, "M")).not.toBe(outcomeStroke);
    const ring = await w.page.locator('g.node[data-node-id="M"]').evaluate((g) => ({ style: getComputedStyle(g).outlineStyle, color: getComputedStyle(g).outlineColor }));
    expect(ring.style).toBe("dashed");
    expect(ring.color).not.toBe(outcomeStroke);
    expect(await ringInk(w, "M", 3, 8)).toBeGreaterThan(0.1);
    // Selecting the outcome keeps it visibly the outcome.
    await w.page.locator('g.node[data-node-id="Y"]').click();
    expect(await selectedIds(w)).toEqual(["Y"]);
    expect(await rectStroke(w, "Y")).toBe(outcomeStroke);
    expect(await ringInk(w, "Y", 3, 8)).toBeGreaterThan(0.1);
    await w.page.screenshot({ path: "test/artifacts/browser-selection-ring.png" });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("a click on the empty canvas or Esc clears the selection; a pan does not", async () => {
    const w = await openWebview(h);
    await w.sendGraph(model);
    // A point where the user sees bare canvas: the SVG itself is the topmost element there.
    const empty = await w.page.evaluate(() => {
      const svg = document.getElementById("dag")!;
      const r = svg.getBoundingClientRect();
      for (let y = r.top + r.height * 0.3; y < r.bottom; y += 7) for (let x = r.left + 20; x < r.right; x += 7) if (document.elementFromPoint(x, y) === svg) return { x, y };
      throw new Error("no bare canvas");
    });
    await w.page.locator('g.node[data-node-id="X"]').click();
    await w.page.locator('g.node[data-node-id="M"]').click({ modifiers: ["Shift"] });
    expect((await selectedIds(w)).sort()).toEqual(["M", "X"]);
    // Dragging the canvas pans; the click that ends the drag keeps the selection.
    await w.page.mouse.move(empty.x, empty.y);
    await w.page.mouse.down();
    await w.page.mouse.move(empty.x + 40, empty.y - 30, { steps: 5 });
    await w.page.mouse.up();
    expect((await selectedIds(w)).sort()).toEqual(["M", "X"]);
    await w.page.mouse.click(empty.x, empty.y);
    expect(await selectedIds(w)).toEqual([]);
    expect(await w.page.locator("g.node.selected").count()).toBe(0);
    // Esc, with the focus on a node (keyboard users) or on the page.
    await w.page.locator('g.node[data-node-id="Y"]').click();
    expect(await selectedIds(w)).toEqual(["Y"]);
    await w.page.keyboard.press("Escape");
    expect(await selectedIds(w)).toEqual([]);
    // An edge selection clears the same way.
    const at = await w.page.locator('g.edge[data-from="X"][data-to="M"] path.hit').evaluate((p: SVGPathElement) => {
      const m = p.getPointAtLength(p.getTotalLength() / 2).matrixTransform(p.getScreenCTM()!);
      return { x: m.x, y: m.y };
    });
    await w.page.mouse.click(at.x, at.y);
    expect(await w.page.locator("g.edge.selected").count()).toBe(1);
    await w.page.mouse.click(empty.x, empty.y);
    expect(await w.page.locator("g.edge.selected").count()).toBe(0);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("hover says whether the variable is latent, its parents, its distribution family and its support", async () => {
    const w = await openWebview(h);
    await w.sendGraph(graphMessage(
      [...model.nodes, { id: "Z", mechanism: "normal(0, 1)" }],
      [["U", "X"], ["U", "Y"], ["X", "M"], ["M", "Y"], ["Z", "M", "bidirected"]],
    ));
    const tip = w.page.locator("#tooltip");
    await w.page.locator('g.node[data-node-id="M"]').hover();
    await expect.poll(() => tip.textContent()).toContain("parents: X");
    expect((await tip.textContent())!.split("\n")).toEqual([
      "M: observed", "parents: X", "hidden common cause with: Z", "distribution: normal", "support: real numbers",
      "ancestors (2): U, X", "descendants (1): Y", "normal(X ? 3 : 0, 1)",
    ]);
    await w.page.locator('g.node[data-node-id="U"]').hover();
    await expect.poll(() => tip.textContent()).toContain("U: latent");
    expect((await tip.textContent())!.split("\n")).toEqual([
      "U: latent (not observed in data)", "parents: none (exogenous)", "distribution: bernoulli", "support: 0 or 1",
      "ancestors (0): none", "descendants (3): X, M, Y", "bernoulli(0.5)",
    ]);
    await w.page.locator('g.node[data-node-id="Y"]').hover();
    await expect.poll(() => tip.textContent()).toContain("parents: U, M");
    expect(await tip.textContent()).toContain("distribution: not read statically");
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("a selected node's ancestors and descendants are tinted and its Markov blanket (from the host) ringed, as in DAGitty; the hover lists them", async () => {
    const w = await openWebview(h);
    const dagitty = (body: string) => toGraphUpdate(readGraphSource(`dag {\n${body}\n}\n`, "x.dagitty"), 0, { direction: "DOWN", editable: false }, "x.dagitty");
    // U is a latent common cause of X and Y: M's blanket (X, Y and Y's other parent W) holds no U, and Z is unrelated.
    await w.sendGraph(dagitty("U [latent]\nU -> X\nU -> Y\nX -> M -> Y\nW -> Y\nZ"));
    const kin = () => w.page.locator("g.node").evaluateAll((gs) => Object.fromEntries(gs
      .map((g) => [g.getAttribute("data-node-id"), ["ancestor", "descendant", "blanket"].filter((c) => g.classList.contains(c)).join(" ")])
      .filter(([, c]) => c)));
    const fill = (id: string) => w.page.locator(`g.node[data-node-id="${id}"] rect`).evaluate((r) => getComputedStyle(r).fill);
    const ring = (id: string) => w.page.locator(`g.node[data-node-id="${id}"]`).evaluate((g) => getComputedStyle(g).outlineStyle);
    const plain = await fill("Z");
    expect(await kin()).toEqual({});

    await w.page.locator('g.node[data-node-id="M"]').click();
    expect(await selectedIds(w)).toEqual(["M"]);
    expect(await kin()).toEqual({ U: "ancestor", X: "ancestor blanket", Y: "descendant blanket", W: "blanket" });
    // What a user sees: ancestors and descendants in two tints (a latent ancestor too), none on the unrelated Z; a dotted ring on the blanket.
    expect(await fill("X")).not.toBe(plain);
    expect(await fill("Y")).not.toBe(plain);
    expect(await fill("Y")).not.toBe(await fill("X"));
    expect(await fill("U")).toBe(await fill("X"));
    expect(await fill("Z")).toBe(plain);
    expect(await ring("W")).toBe("dotted");
    expect(await ring("Z")).toBe("none");
    expect(await ringInk(w, "W", 3, 8)).toBeGreaterThan(0.1);
    expect(await ringInk(w, "Z", 3, 8)).toBeLessThan(0.02);
    await w.page.screenshot({ path: "test/artifacts/browser-selection-relatives.png" });

    await w.page.keyboard.press("Escape");
    expect(await kin()).toEqual({});
    expect(await fill("X")).toBe(plain);
    expect(await ring("W")).toBe("none");

    // An edit recomputes them for the node still selected, and a drawing without it clears them.
    await w.page.locator('g.node[data-node-id="M"]').click();
    await w.sendGraph(dagitty("U [latent]\nU -> X\nU -> Y\nX -> M -> Y\nM -> Z"));
    expect(await kin()).toEqual({ U: "ancestor", X: "ancestor blanket", Y: "descendant blanket", Z: "descendant blanket" });
    await w.sendGraph(dagitty("U [latent]\nU -> X\nU -> Y\nX -> Y"));
    expect(await kin()).toEqual({});

    // The hover lists them; the blanket is the host's (latents projected out), and a latent node has none.
    await w.sendGraph(dagitty("U [latent]\nU -> X\nU -> Y\nX -> M -> Y\nW -> Y\nZ"));
    const tip = w.page.locator("#tooltip");
    await w.page.locator('g.node[data-node-id="X"]').hover();
    await expect.poll(() => tip.textContent()).toContain("X: observed");
    expect((await tip.textContent())!.split("\n")).toEqual([
      "X: observed", "parents: U", "ancestors (1): U", "descendants (2): Y, M", "Markov blanket (3): Y, M, W",
    ]);
    await w.page.locator('g.node[data-node-id="U"]').hover();
    await expect.poll(() => tip.textContent()).toContain("U: latent");
    expect((await tip.textContent())!.split("\n")).toEqual([
      "U: latent (not observed in data)", "parents: none (exogenous)", "ancestors (0): none", "descendants (3): X, Y, M",
    ]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("arrows observational data cannot orient are drawn thinner and fainter and say so on hover; learnable ones say that (Markov equivalence class, from the host)", async () => {
    const w = await openWebview(h);
    // Pearl's sprinkler: season's two arrows are reversible, the arrows into wet (a v-structure) and on to slippery are not.
    const source = readGraphSource("dag {\nseason -> sprinkler -> wet -> slippery\nseason -> rain -> wet\n}\n", "sprinkler.dagitty");
    await w.sendGraph(toGraphUpdate(source, 0, { direction: "DOWN", editable: false }, "sprinkler.dagitty"));
    const edge = (from: string, to: string) => w.page.locator(`g.edge[data-from="${from}"][data-to="${to}"]`);
    await expect.poll(() => edge("season", "rain").getAttribute("class")).toContain("reversible");
    expect(await edge("rain", "wet").getAttribute("class")).not.toContain("reversible");
    expect(await edge("season", "rain").locator(":scope > title").textContent()).toBe("season → rain: reversible: observational data cannot orient this arrow (a DAG with the same independencies has rain → season)");
    expect(await edge("wet", "slippery").locator(":scope > title").textContent()).toMatch(/^wet → slippery: learnable from observational data/);
    const look = (from: string, to: string) => edge(from, to).locator("path.line").evaluate((p) => ({ width: getComputedStyle(p).strokeWidth, opacity: getComputedStyle(p).opacity }));
    expect(await look("season", "sprinkler")).toEqual({ width: "1px", opacity: "0.6" });
    expect(await look("sprinkler", "wet")).toEqual({ width: "1.5px", opacity: "1" });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("a refusal's banner stays when the host re-sends the same drawing (a focus change), and goes with a changed one", async () => {
    const w = await openWebview(h);
    await w.sendGraph(model);
    const banner = w.page.locator("#banner");
    await w.send({ type: "notice", level: "error", message: "Y -> X would close a cycle" });
    await expect.poll(() => banner.isVisible()).toBe(true);
    await w.sendGraph(model); // the same document, redrawn: the refusal is still about what is shown
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toBe("Y -> X would close a cycle");
    await w.sendGraph({ ...model, title: "edited" }); // an edit (or another file): the refusal no longer applies
    expect(await banner.isHidden()).toBe(true);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("exporting SVG and PNG sets no inline style the CSP blocks (no securitypolicyviolation)", async () => {
    const w = await openWebview(h);
    await w.sendGraph(model);
    await w.page.locator('g.node[data-node-id="X"]').click();
    await w.page.evaluate(() => {
      const win = window as unknown as { __exportViolations: string[] };
      win.__exportViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => win.__exportViolations.push(`${e.violatedDirective} ${e.sample}`));
    });
    await w.send({ type: "exportRequest", requestId: 1, format: "svg" });
    await w.send({ type: "exportRequest", requestId: 2, format: "png" });
    const results = await w.waitForPosted("exportResult", 2);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    const svg = String(results.find((r) => r.requestId === 1)!.data);
    //X
    //Y // the computed colours travel as presentation attributes
    await w.page.waitForTimeout(200); // violation reports are queued as tasks
    expect(await w.page.evaluate(() => (window as unknown as { __exportViolations: string[] }).__exportViolations)).toEqual([]);
    expect(await w.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    await w.page.close();
  });
});
