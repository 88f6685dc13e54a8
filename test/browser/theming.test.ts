// The DAG webview under VS Code's themes: the body classes VS Code sets (vscode-light, vscode-dark,
// vscode-high-contrast) and typical values of its theme variables on <html> (as the webview host does).
// Every drawn colour must come from those variables (computed styles), and high contrast must give
// visible borders (the theme's contrastBorder, at least 2px) on nodes, toolbar buttons and the legend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

interface Theme { body: string[]; vars: Record<string, string> }

// Typical values (VS Code's Light+, Dark+ and Dark High Contrast), each distinct so a match names its variable.
const themes: Record<string, Theme> = {
  light: {
    body: ["vscode-light"],
    vars: {
      "--vscode-editor-background": "#ffffff", "--vscode-editor-foreground": "#000000", "--vscode-editorWidget-background": "#f3f3f3",
      "--vscode-editorWidget-border": "#c8c8c8", "--vscode-editorLineNumber-foreground": "#237893", "--vscode-focusBorder": "#0090f1",
      "--vscode-button-secondaryBackground": "#5f6a79", "--vscode-button-secondaryForeground": "#fefefe",
    },
  },
  dark: {
    body: ["vscode-dark"],
    vars: {
      "--vscode-editor-background": "#1e1e1e", "--vscode-editor-foreground": "#d4d4d4", "--vscode-editorWidget-background": "#252526",
      "--vscode-editorWidget-border": "#454545", "--vscode-editorLineNumber-foreground": "#858585", "--vscode-focusBorder": "#007fd4",
      "--vscode-button-secondaryBackground": "#3a3d41", "--vscode-button-secondaryForeground": "#fdfdfd",
    },
  },
  "high contrast": {
    body: ["vscode-high-contrast"],
    vars: {
      "--vscode-editor-background": "#000000", "--vscode-editor-foreground": "#fffffe", "--vscode-editorWidget-background": "#0c141f",
      "--vscode-editorWidget-border": "#6fc3df", "--vscode-editorLineNumber-foreground": "#fffffd", "--vscode-focusBorder": "#f38518",
      "--vscode-contrastBorder": "#6fc3de", "--vscode-contrastActiveBorder": "#f38519",
      "--vscode-button-secondaryBackground": "#000001", "--vscode-button-secondaryForeground": "#fffffc",
    },
  },
};

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
    document.body.classList.add(...body);
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
  }, t);
  await w.sendGraph(graphMessage([{ id: "U", latent: true }, "X", "M", "Y"], [["U", "X"], ["X", "M"], ["M", "Y"], ["X", "Y", "bidirected"]]));
  return w;
}

/** Computed style properties of the first element matching `selector`. */
async function style(w: WebviewPage, selector: string, props: string[]): Promise<Record<string, string>> {
  return w.page.locator(selector).first().evaluate((e, ps) => {
    const cs = getComputedStyle(e);
    return Object.fromEntries(ps.map((p) => [p, cs.getPropertyValue(p)]));
  }, props);
}

describe("DAG webview theming", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  for (const [name, t] of Object.entries(themes)) {
    it(`${name}: nodes, edges, arrowheads and text take their colours from the theme variables`, async () => {
      const w = await themed(h, t);
      const v = (k: string) => rgb(t.vars[k]);
      const hc = t.body.includes("vscode-high-contrast");
      const border = hc ? v("--vscode-contrastBorder") : v("--vscode-editorWidget-border");
      expect(await style(w, "body", ["background-color", "color"])).toEqual({ "background-color": v("--vscode-editor-background"), color: v("--vscode-editor-foreground") });
      expect(await style(w, 'g.node[data-node-id="M"] rect', ["fill", "stroke"])).toEqual({ fill: v("--vscode-editorWidget-background"), stroke: border });
      expect(await style(w, 'g.node[data-node-id="U"] rect', ["fill", "stroke"])).toEqual({ fill: v("--vscode-editor-background"), stroke: border }); // latent: hollow
      expect((await style(w, 'g.node[data-node-id="M"] text', ["fill"])).fill).toBe(v("--vscode-editor-foreground"));
      // Selected: a dashed ring in the editor's foreground colour; its descendants' fill is tinted, a plain node's is not.
      await w.page.locator('g.node[data-node-id="X"]').click();
      await expect.poll(() => w.page.locator('g.node[data-node-id="M"]').getAttribute("class")).toContain("descendant");
      expect((await style(w, 'g.node[data-node-id="M"] rect', ["fill"])).fill).not.toBe(v("--vscode-editorWidget-background"));
      // Selected: the box keeps its outline; the selection is a dashed ring around it in the editor's foreground
      // (the themes here set no --vscode-editorCursor-foreground), never a role's colour (issue 12, item 10).
      expect((await style(w, 'g.node[data-node-id="X"] rect', ["stroke"])).stroke).toBe(border);
      expect(await style(w, 'g.node[data-node-id="X"]', ["outline-style", "outline-color"])).toEqual({ "outline-style": "dashed", "outline-color": v("--vscode-editor-foreground") });
      const edge = v("--vscode-editorLineNumber-foreground");
      expect((await style(w, 'g.edge[data-from="X"][data-to="M"] path.line', ["stroke"])).stroke).toBe(edge);
      expect((await style(w, 'g.edge[data-kind="bidirected"] path.line', ["stroke"])).stroke).toBe(edge);
      expect((await style(w, "path.arrowhead", ["fill"])).fill).toBe(edge);
      expect(await style(w, "#toolbar button#fit", ["background-color", "color"]))
        .toEqual({ "background-color": v("--vscode-button-secondaryBackground"), color: v("--vscode-button-secondaryForeground") });
      // Lines and text stand out from the background (WCAG 3:1 for graphics, 4.5:1 for text).
      expect(contrast(edge, v("--vscode-editor-background"))).toBeGreaterThanOrEqual(3);
      expect(contrast(v("--vscode-editor-foreground"), v("--vscode-editorWidget-background"))).toBeGreaterThanOrEqual(4.5);
      expect(w.errors).toEqual([]);
      await w.page.screenshot({ path: `test/artifacts/browser-theme-${name.replace(/\W+/g, "-")}.png` });
      await w.page.close();
    });
  }

  it("high contrast: nodes, edges, toolbar buttons and the legend have visible borders in the contrast colour", async () => {
    const t = themes["high contrast"];
    const w = await themed(h, t);
    const hcBorder = rgb(t.vars["--vscode-contrastBorder"]);
    const node = await style(w, 'g.node[data-node-id="M"] rect', ["stroke", "stroke-width"]);
    expect(node.stroke).toBe(hcBorder);
    expect(parseFloat(node["stroke-width"])).toBeGreaterThanOrEqual(2);
    expect(parseFloat((await style(w, 'g.edge[data-from="X"][data-to="M"] path.line', ["stroke-width"]))["stroke-width"])).toBeGreaterThanOrEqual(2);
    const button = await style(w, "#toolbar button#fit", ["border-top-color", "border-top-width", "border-top-style"]);
    expect(button).toEqual({ "border-top-color": hcBorder, "border-top-width": "1px", "border-top-style": "solid" });
    const legend = await style(w, "#legend", ["border-top-color", "border-top-style"]);
    expect(legend).toEqual({ "border-top-color": hcBorder, "border-top-style": "solid" });
    // Same page in the light theme: no contrast border on the legend (the border is a high-contrast affordance).
    await w.page.evaluate(() => document.body.classList.replace("vscode-high-contrast", "vscode-light"));
    expect((await style(w, "#legend", ["border-top-style"]))["border-top-style"]).toBe("none");
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
