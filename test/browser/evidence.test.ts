// A diagnosis's evidence on the DAG in real Chromium (issue 11): nodes and edges coloured by verdict with
// glyphs that read without colour, violated implications drawn as connectors between the pair, the legend
// section with Clear, the badge click that opens the plots (a node click still reveals the source), the
// evidence kept across live edits of the same model and cleared by another model, exports, and themes.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FromWebview } from "../../src/protocol/messages";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

// W -> X <- Z -> Y, X -> M -> Y: implies W ⊥ Y | X, Z and W ⊥ M | X and Z ⊥ M | X.
const graph = graphMessage(["W", "Z", "X", "M", "Y"], [["W", "X"], ["Z", "X"], ["Z", "Y"], ["X", "M"], ["M", "Y"]], { title: "wages" });
const evidence = {
  type: "evidence",
  evidence: {
    model: "wages", data: "wages.csv",
    nodes: [
      { id: "Y", verdict: "fail", sentence: "Y's residuals curve against M: the linear mechanism misses a bend (p = 3e-9)." },
      { id: "M", verdict: "warn", sentence: "M's coefficients drift across environments (Chow p = 0.004)." },
      { id: "X", verdict: "pass", sentence: "No check found a problem with X." },
      { id: "Z", verdict: "pass", sentence: "No check found a problem with Z." },
      { id: "W", verdict: "untested", sentence: "W has no parents: nothing to test." },
    ],
    edges: [
      { from: "M", to: "Y", verdict: "fail", sentence: "The effect of M on Y changes with the environment." },
      { from: "X", to: "M", verdict: "warn", sentence: "The effect of X on M drifts a little." },
      { from: "Z", to: "Y", verdict: "pass", sentence: "Stable." },
    ],
    violated: [
      { x: "W", y: "Y", given: ["X", "Z"], verdict: "fail", sentence: "The graph says W ⊥ Y | X, Z but their partial correlation is 0.31 (Holm p = 2e-12)." },
      { x: "Z", y: "M", given: ["X"], verdict: "warn", sentence: "The graph says Z ⊥ M | X but their partial correlation is 0.08 (Holm p = 0.006)." },
    ],
  },
};

const LIGHT = {
  body: "vscode-light",
  vars: {
    "--vscode-editor-background": "#ffffff", "--vscode-editor-foreground": "#000000", "--vscode-editorWidget-background": "#f3f3f3",
    "--vscode-editorWidget-border": "#c8c8c8", "--vscode-editorLineNumber-foreground": "#237893",
    "--vscode-testing-iconFailed": "#e51401", "--vscode-editorWarning-foreground": "#bf8803", "--vscode-testing-iconPassed": "#388a35",
  },
};
const DARK = {
  body: "vscode-dark",
  vars: {
    "--vscode-editor-background": "#1e1e1e", "--vscode-editor-foreground": "#d4d4d4", "--vscode-editorWidget-background": "#252526",
    "--vscode-editorWidget-border": "#454545", "--vscode-editorLineNumber-foreground": "#858585",
    "--vscode-testing-iconFailed": "#f14c4c", "--vscode-editorWarning-foreground": "#cca700", "--vscode-testing-iconPassed": "#73c991",
  },
};
const HC = {
  body: "vscode-high-contrast",
  vars: {
    "--vscode-editor-background": "#000000", "--vscode-editor-foreground": "#fffffe", "--vscode-editorWidget-background": "#0c141f",
    "--vscode-editorWidget-border": "#6fc3df", "--vscode-editorLineNumber-foreground": "#fffffd", "--vscode-contrastBorder": "#6fc3de",
    "--vscode-testing-iconFailed": "#f48771", "--vscode-editorWarning-foreground": "#fff200", "--vscode-testing-iconPassed": "#89d185",
  },
};
type Theme = typeof LIGHT;

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** WCAG contrast ratio of two rgb(...) strings. */
function contrast(a: string, b: string): number {
  const lum = (s: string) => {
    const [r, g, bl] = s.match(/\d+/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function themed(h: Harness, t: Theme): Promise<WebviewPage> {
  const w = await openWebview(h);
  await w.page.evaluate(({ body, vars }) => {
    document.body.classList.add(body);
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
  }, t);
  await w.sendGraph(graph);
  await w.send(evidence);
  await w.page.locator("#legend-evidence").waitFor();
  return w;
}

async function css(page: Page, selector: string, prop: string): Promise<string> {
  return page.locator(selector).first().evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), prop);
}

/** Page pixel coordinates of a point given in a node's own coordinates (its box starts at 0, 0). */
async function nodePoint(page: Page, id: string, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.locator(`g.node[data-node-id="${id}"] rect`).evaluate((r: SVGRectElement, [px, py]) => {
    const p = new DOMPoint(px, py).matrixTransform(r.getScreenCTM()!);
    return { x: p.x, y: p.y };
  }, [x, y] as const);
}

/** The RGB colour of page pixels in a screenshot, decoded in a blank page (no CSP there). */
async function pixels(h: Harness, png: Buffer, points: { x: number; y: number }[]): Promise<[number, number, number][]> {
  const blank = await h.browser.newPage();
  try {
    return await blank.evaluate(async ([b64, pts]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(bitmap, 0, 0);
      return pts.map((p) => {
        const d = ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data;
        return [d[0], d[1], d[2]] as [number, number, number];
      });
    }, [png.toString("base64"), points] as const);
  } finally {
    await blank.close();
  }
}

const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

async function classesOf(page: Page, selector: string): Promise<Record<string, string | null>> {
  return page.locator(selector).evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute("data-node-id") ?? `${g.getAttribute("data-from")}->${g.getAttribute("data-to")}`, g.getAttribute("data-verdict")])));
}

/** The two ends of a violation's connector, and whether each lies on (within 2px of) a node's box. */
async function connectorEnds(page: Page, x: string, y: string): Promise<string[]> {
  return page.locator(`g.violation[data-x="${x}"][data-y="${y}"] path.line`).evaluate((p: SVGPathElement) => {
    const m = p.getScreenCTM()!;
    const ends = [p.getPointAtLength(0), p.getPointAtLength(p.getTotalLength())].map((q) => new DOMPoint(q.x, q.y).matrixTransform(m));
    return ends.map((e) => [...document.querySelectorAll("g.node")].filter((g) => {
      const r = g.querySelector("rect")!.getBoundingClientRect();
      return e.x >= r.left - 2 && e.x <= r.right + 2 && e.y >= r.top - 2 && e.y <= r.bottom + 2;
    }).map((g) => g.getAttribute("data-node-id")!).join(","));
  });
}

describe("diagnosis evidence on the DAG", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("colours nodes and edges by verdict (pixels differ), draws glyphs, the violated pairs and the legend section", async () => {
    const w = await themed(h, LIGHT);
    const { page } = w;
    const v = (k: keyof typeof LIGHT.vars) => rgb(LIGHT.vars[k]);
    expect(await classesOf(page, "g.node")).toEqual({ W: "untested", Z: "pass", X: "pass", M: "warn", Y: "fail" });
    expect(await classesOf(page, "g.edge")).toEqual({ "W->X": null, "Z->X": null, "Z->Y": "pass", "X->M": "warn", "M->Y": "fail" });
    // Computed colours come from the theme's variables.
    expect(await css(page, 'g.node[data-node-id="Y"] rect', "stroke")).toBe(v("--vscode-testing-iconFailed"));
    expect(await css(page, 'g.node[data-node-id="M"] rect', "stroke")).toBe(v("--vscode-editorWarning-foreground"));
    expect(await css(page, 'g.node[data-node-id="X"] rect', "stroke")).toBe(v("--vscode-testing-iconPassed"));
    expect(await css(page, 'g.node[data-node-id="W"] rect', "stroke")).toBe(v("--vscode-editorWidget-border")); // untested: unchanged
    expect(await css(page, 'g.node[data-node-id="W"] rect', "fill")).toBe(v("--vscode-editorWidget-background"));
    expect(await css(page, 'g.edge[data-from="M"][data-to="Y"] path.line', "stroke")).toBe(v("--vscode-testing-iconFailed"));
    expect(await css(page, 'g.edge[data-from="W"][data-to="X"] path.line', "stroke")).toBe(v("--vscode-editorLineNumber-foreground"));
    // Arrowheads in the edge's colour.
    expect(await page.locator('g.edge[data-from="M"][data-to="Y"] path.line').getAttribute("marker-end")).toBe("url(#arrow-ev-fail)");
    expect(await css(page, "#arrow-ev-fail path", "fill")).toBe(v("--vscode-testing-iconFailed"));
    expect(await page.locator('g.edge[data-from="W"][data-to="X"] path.line').getAttribute("marker-end")).toBe("url(#arrow)");

    // Pixels inside each node's box (left margin, clear of the label): fail, pass and untested differ, fail is red.
    const shot = await page.screenshot({ path: "test/artifacts/browser-dag-evidence.png" });
    const [fail, pass, untested] = await pixels(h, shot, [await nodePoint(page, "Y", 5, 15), await nodePoint(page, "X", 5, 15), await nodePoint(page, "W", 5, 15)]);
    expect(distance(fail, untested)).toBeGreaterThan(25);
    expect(distance(fail, pass)).toBeGreaterThan(25);
    expect(distance(pass, untested)).toBeGreaterThan(12);
    expect(fail[0] - fail[1]).toBeGreaterThan(20);
    expect(pass[1] - pass[0]).toBeGreaterThan(5);
    expect(untested).toEqual([243, 243, 243]);

    // Glyphs: one badge per tested node, none on the untested one; edges with evidence carry one too.
    const glyphs = await page.locator("g.node").evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute("data-node-id"), g.querySelector("g.ev-badge")?.getAttribute("data-glyph") ?? null])));
    expect(glyphs).toEqual({ W: null, Z: "pass", X: "pass", M: "warn", Y: "fail" });
    expect(await page.locator('g.edge[data-from="M"][data-to="Y"] g.ev-edge-badge').getAttribute("data-glyph")).toBe("fail");
    expect(await page.locator('g.edge[data-from="W"][data-to="X"] g.ev-edge-badge').count()).toBe(0);
    expect(await page.locator('g.edge[data-from="M"][data-to="Y"] > title').textContent()).toBe("M → Y: fail. The effect of M on Y changes with the environment.");
    // The glyph shapes differ (without colour): the fail cross, the warn bar, the pass tick.
    const shapes = new Set(await page.locator("g.node g.ev-badge path.glyph").evaluateAll((ps) => ps.map((p) => p.getAttribute("d"))));
    expect(shapes.size).toBe(3);

    // Violated implications: one connector per pair, ending on the pair's nodes, in a style no edge uses.
    expect(await page.locator("svg#dag g.violation").count()).toBe(2);
    expect((await connectorEnds(page, "W", "Y")).sort()).toEqual(["W", "Y"]);
    expect((await connectorEnds(page, "Z", "M")).sort()).toEqual(["M", "Z"]);
    const dash = await css(page, 'g.violation[data-x="W"] path.line', "stroke-dasharray");
    expect(dash).toBe("12px, 4px, 2px, 4px");
    const bidirected = "6px, 4px";
    const cut = "2px, 5px";
    expect([bidirected, cut, "none"]).not.toContain(dash);
    expect(await css(page, 'g.violation[data-x="W"] path.line', "stroke")).toBe(v("--vscode-testing-iconFailed"));
    expect(await css(page, 'g.violation[data-x="Z"] path.line', "stroke")).toBe(v("--vscode-editorWarning-foreground"));
    expect(await page.locator('g.violation[data-x="W"] path.line').getAttribute("marker-end")).toBeNull();
    expect(await page.locator('g.violation[data-x="W"] path.line').getAttribute("d")).toMatch(/Q/);
    expect(await page.locator('g.violation[data-x="W"] > title').textContent())
      .toBe("Violated: W ⊥ Y | X, Z (fail). The graph says W ⊥ Y | X, Z but their partial correlation is 0.31 (Holm p = 2e-12).");
    // The connector is drawn under the nodes (a node click is never caught by it) and its wide twin takes the hover.
    expect(await page.evaluate(() => {
      const layers = [...document.querySelector("g.viewport")!.children].map((g) => g.getAttribute("class"));
      return layers.indexOf("violations") < layers.indexOf("nodes");
    })).toBe(true);
    const mid = await page.locator('g.violation[data-x="W"] g.perp').evaluate((g) => {
      const r = g.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("g.violation")?.getAttribute("data-y"), mid)).toBe("Y");

    // The legend section.
    expect(await page.locator("#legend-evidence .legend-evidence-title").textContent()).toBe("Evidence (from wages.csv)");
    expect(await page.locator("#legend-evidence .legend-row").allTextContents()).toEqual([
      "fail: evidence against it", "warn: some evidence against it", "pass: no evidence against it", "untested: no check could run",
      "violated: the graph says independent, the data disagree",
    ]);
    expect(await css(page, '#legend-evidence .legend-row[data-verdict="fail"] circle', "fill")).toBe(v("--vscode-testing-iconFailed"));
    // Fit kept every node clear of the grown legend.
    expect(await page.evaluate(() => {
      const l = document.getElementById("legend")!.getBoundingClientRect();
      return [...document.querySelectorAll("g.node rect")].filter((n) => {
        const r = n.getBoundingClientRect();
        return r.left < l.right && r.right > l.left && r.top < l.bottom && r.bottom > l.top;
      }).length;
    })).toBe(0);

    // Folded, the legend keeps the section's head (what the colours are, and Clear) and hides its rows.
    await page.locator("#legend-toggle").click();
    expect(await page.locator("#legend-evidence .legend-evidence-head").isVisible()).toBe(true);
    expect(await page.locator("#legend-evidence .legend-evidence-rows").isVisible()).toBe(false);
    await page.locator("#legend-toggle").click();
    expect(await page.locator("#legend-evidence .legend-evidence-rows").isVisible()).toBe(true);

    // Hover text: the mechanism tooltip gains the sentence.
    await page.mouse.move((await nodePoint(page, "Y", 8, 20)).x, (await nodePoint(page, "Y", 8, 20)).y);
    expect(await page.locator("#tooltip").textContent()).toContain("FAIL: evidence against it. Y's residuals curve against M");
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("a badge click posts openDiagnostics; a node click still reveals the source; D on a focused node opens it; untested nodes do not", async () => {
    const w = await themed(h, LIGHT);
    const { page } = w;
    const badge = await page.locator('g.node[data-node-id="Y"] g.ev-badge').evaluate((g) => {
      const r = g.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.click(badge.x, badge.y);
    expect((await w.waitForPosted("openDiagnostics")).map((m) => m.variable)).toEqual(["Y"]);
    expect((await w.posted()).filter((m) => m.type === "nodeClicked")).toEqual([]);
    const body = await nodePoint(page, "Y", 6, 22);
    await page.mouse.click(body.x, body.y);
    expect((await w.waitForPosted("nodeClicked")).map((m) => m.id)).toEqual(["Y"]);
    expect((await w.posted()).filter((m) => m.type === "openDiagnostics")).toHaveLength(1);
    await page.locator('g.node[data-node-id="M"]').focus();
    await page.keyboard.press("d");
    expect((await w.waitForPosted("openDiagnostics", 2)).map((m) => m.variable)).toEqual(["Y", "M"]);
    await page.locator('g.node[data-node-id="W"]').focus();
    await page.keyboard.press("d");
    await page.locator('g.node[data-node-id="X"]').focus();
    await page.keyboard.press("d");
    expect((await w.waitForPosted("openDiagnostics", 3)).map((m) => m.variable)).toEqual(["Y", "M", "X"]); // W (untested) posted nothing
    // In query mode the badge still opens the plots (the node click goes to the query popover).
    await page.locator("#intervene").click();
    const badgeM = await page.locator('g.node[data-node-id="M"] g.ev-badge').evaluate((g) => {
      const r = g.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.click(badgeM.x, badgeM.y);
    expect((await w.waitForPosted("openDiagnostics", 4)).map((m) => m.variable)).toEqual(["Y", "M", "X", "M"]);
    expect(await page.locator("#popover").isHidden()).toBe(true);
    for (const m of await w.posted()) expect(FromWebview.safeParse(m).success).toBe(true);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("Clear hides it locally; live edits keep it for what is still drawn; another model's graph clears it; a reload restores it", async () => {
    const w = await themed(h, LIGHT);
    const { page } = w;
    const decorated = () => page.evaluate(() => ({
      verdicts: document.querySelectorAll("svg#dag [data-verdict]").length,
      badges: document.querySelectorAll("svg#dag g.ev-badge, svg#dag g.ev-edge-badge").length,
      violations: document.querySelectorAll("svg#dag g.violation").length,
      legend: document.getElementById("legend-evidence") !== null,
      saved: (window as unknown as { __state?: { evidence?: unknown } }).__state?.evidence !== undefined,
    }));
    expect(await decorated()).toEqual({ verdicts: 8, badges: 7, violations: 2, legend: true, saved: true });
    const postedBefore = (await w.posted()).length;
    await page.locator("#evidence-clear").click();
    expect(await decorated()).toEqual({ verdicts: 0, badges: 0, violations: 0, legend: false, saved: false });
    expect((await w.posted()).length).toBe(postedBefore); // local: nothing sent to the host
    expect(await css(page, 'g.node[data-node-id="Y"] rect', "stroke")).toBe(rgb(LIGHT.vars["--vscode-editorWidget-border"]));
    expect(await page.locator('g.edge[data-from="M"][data-to="Y"] path.line').getAttribute("marker-end")).toBe("url(#arrow)");
    expect(await page.locator('g.edge[data-from="M"][data-to="Y"] > title').count()).toBe(0);

    // Live edit of the same model: M is deleted (X -> Y now). Y keeps its colour; M's evidence and the Z ⊥ M pair go.
    await w.send(evidence);
    const edited = graphMessage(["W", "Z", "X", "Y"], [["W", "X"], ["Z", "X"], ["Z", "Y"], ["X", "Y"]], { title: "wages" });
    await w.sendGraph(edited);
    expect(await classesOf(page, "g.node")).toEqual({ W: "untested", Z: "pass", X: "pass", Y: "fail" });
    expect(await page.locator("svg#dag g.violation").evaluateAll((gs) => gs.map((g) => `${g.getAttribute("data-x")}⊥${g.getAttribute("data-y")}`))).toEqual(["W⊥Y"]);
    // Re-routed to the new positions (gliding there with the nodes, 250 ms).
    await expect.poll(async () => (await connectorEnds(page, "W", "Y")).sort(), { timeout: 2000 }).toEqual(["W", "Y"]);
    // A text-only edit (no re-layout) keeps it too.
    await w.sendGraph({ ...edited, nodes: edited.nodes.map((n) => (n.id === "Y" ? { ...n, mechanism: "normal(X, 1)" } : n)) });
    expect(await page.locator('g.node[data-node-id="Y"]').getAttribute("data-verdict")).toBe("fail");
    // An update with only errors keeps the last drawing and its evidence.
    await w.sendGraph({ ...edited, title: "wages.causal.ts", nodes: [], edges: [], errors: [{ message: "';' expected" }] });
    expect(await page.locator('g.node[data-node-id="Y"]').getAttribute("data-verdict")).toBe("fail");
    // Put M back: its evidence shows again (it was kept for the model, only not drawn).
    await w.sendGraph(graph);
    expect(await classesOf(page, "g.node")).toEqual({ W: "untested", Z: "pass", X: "pass", M: "warn", Y: "fail" });

    // A reload (VS Code restoring a hidden panel) shows it again from the saved state.
    const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await page.addInitScript((s) => { (window as unknown as { __state: unknown }).__state = s; }, saved);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === "ready"));
    await w.sendGraph(graph);
    expect(await decorated()).toMatchObject({ verdicts: 8, violations: 2, legend: true });

    // A graph of another model (same node names) clears it, state included.
    await w.sendGraph({ ...graph, title: "other" });
    expect(await decorated()).toEqual({ verdicts: 0, badges: 0, violations: 0, legend: false, saved: false });
    // Evidence for a model that is not drawn is not drawn either; it shows once that model's graph arrives.
    await w.send({ ...evidence, evidence: { ...evidence.evidence, model: "third" } });
    expect(await decorated()).toMatchObject({ verdicts: 0, legend: false });
    await w.sendGraph({ ...graph, title: "third" });
    expect(await decorated()).toMatchObject({ verdicts: 8, violations: 2, legend: true });
    await w.send({ type: "evidence", evidence: null });
    expect(await decorated()).toEqual({ verdicts: 0, badges: 0, violations: 0, legend: false, saved: false });
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("an exported SVG carries the evidence colours (the fail colour on the flagged node, the connector)", async () => {
    const w = await themed(h, LIGHT);
    await w.send({ type: "exportRequest", requestId: 1, format: "svg" });
    const [result] = await w.waitForPosted("exportResult");
    const svg = String(result.data);
    const fail = rgb(LIGHT.vars["--vscode-testing-iconFailed"]);
    const found = await w.page.evaluate(([text, failColour]) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      // The export writes computed styles as presentation attributes (the webview's CSP forbids style="").
      const attr = (el: Element | null | undefined, name: string) => el?.getAttribute(name) ?? "";
      const strokeOf = (sel: string) => attr(doc.querySelector(sel), "stroke");
      return {
        flagged: strokeOf('g[data-node-id="Y"] > rect') === failColour,
        untested: strokeOf('g[data-node-id="W"] > rect') === failColour,
        badge: attr(doc.querySelector('g[data-node-id="Y"] g[data-glyph="fail"] circle'), "fill") === failColour,
        // The connector: the dash-dot path in the fail colour (its transparent hover twin is exported too, as edges' are).
        connector: [...doc.querySelectorAll('g[data-x="W"][data-y="Y"] path')].some((p) =>
          attr(p, "stroke") === failColour && attr(p, "stroke-dasharray").replace(/px/g, "").replace(/\s+/g, "") === "12,4,2,4"),
        inlineStyles: doc.querySelectorAll("[style]").length,
      };
    }, [svg, fail] as const);
    expect(found).toEqual({ flagged: true, untested: false, badge: true, connector: true, inlineStyles: 0 });
    await w.page.close();
  });

  for (const [name, t] of [["dark", DARK], ["high contrast", HC]] as const) {
    it(`${name}: the verdict colours come from the theme and stand out from the background`, async () => {
      const w = await themed(h, t);
      const { page } = w;
      const v = (k: keyof typeof t.vars) => rgb(t.vars[k]);
      const bg = v("--vscode-editor-background");
      for (const [id, key] of [["Y", "--vscode-testing-iconFailed"], ["M", "--vscode-editorWarning-foreground"], ["X", "--vscode-testing-iconPassed"]] as const) {
        const stroke = await css(page, `g.node[data-node-id="${id}"] rect`, "stroke");
        expect(stroke).toBe(v(key));
        expect(contrast(stroke, bg)).toBeGreaterThanOrEqual(3);
        // The glyph is drawn in the background colour on the verdict colour.
        expect(await css(page, `g.node[data-node-id="${id}"] g.ev-badge path.glyph`, "stroke")).toBe(bg);
        expect(parseFloat(await css(page, `g.node[data-node-id="${id}"] rect`, "stroke-width"))).toBeGreaterThanOrEqual(2);
      }
      const hc = t.body === "vscode-high-contrast";
      expect(await css(page, 'g.node[data-node-id="W"] rect', "stroke")).toBe(hc ? v("--vscode-contrastBorder" as keyof typeof t.vars) : v("--vscode-editorWidget-border"));
      expect(await css(page, 'g.violation[data-x="W"] path.line', "stroke")).toBe(v("--vscode-testing-iconFailed"));
      const shot = await page.screenshot({ path: `test/artifacts/browser-dag-evidence-${name.replace(/\W+/g, "-")}.png` });
      const [fail, pass, untested] = await pixels(h, shot, [await nodePoint(page, "Y", 5, 15), await nodePoint(page, "X", 5, 15), await nodePoint(page, "W", 5, 15)]);
      expect(distance(fail, untested)).toBeGreaterThan(20);
      expect(distance(fail, pass)).toBeGreaterThan(20);
      expect(distance(pass, untested)).toBeGreaterThan(10);
      expect(w.errors).toEqual([]);
      await page.close();
    });
  }
});
