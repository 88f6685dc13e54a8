// The diagnostics panel in real Chromium with a stubbed host (the page the extension serves, strict
// CSP), read as a user reads it: the overall verdict and counts, one group per variable with failing
// ones first (verdict badge, plain sentence, plots, a table of its checks), the implied
// independencies, what the checks cannot see and what was not checked; every plot kind drawn with
// marks in its plot area (non-background pixels where the marks are, in a screenshot); focusVariable
// scrolls to a variable; SVG and PNG exports carry a non-blank image of the plot (rendered back and
// counted); dark and light themes colour it from VS Code's variables; progress with Cancel, and a
// failure shown as its message. One test diagnoses the misspecification sample for real (the model
// process's diagnose job, as the editor runs it) and draws that report.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelProcess } from "../../src/core/io/model-process";
import { buildChildForTests } from "../../src/core/io/model-process.test-util";
import { FromDiagnosticsPanel } from "../../src/protocol/diagnostics-messages";
import { FIXTURE, sampleReport } from "../fixtures/diagnosis-report";
import { openWebview, requireChromium, root, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();
let h: Harness;
beforeAll(async () => void (h = await startHarness(executable)));
afterAll(async () => h?.close());

interface Theme { body: string; vars: Record<string, string> }
// Typical Light+ / Dark+ values; the chart colours are each one off VS Code's, so a match names its variable.
const LIGHT: Theme = {
  body: "vscode-light",
  vars: {
    "--vscode-editor-background": "#ffffff", "--vscode-editor-foreground": "#000000", "--vscode-descriptionForeground": "#717171",
    "--vscode-charts-red": "#e51401", "--vscode-charts-yellow": "#bf8804", "--vscode-charts-green": "#388a35", "--vscode-charts-blue": "#1a85fe", "--vscode-charts-orange": "#d18617",
    "--vscode-panel-border": "#e0e0e0", "--vscode-button-background": "#007acc", "--vscode-button-foreground": "#ffffff",
  },
};
const DARK: Theme = {
  body: "vscode-dark",
  vars: {
    "--vscode-editor-background": "#1e1e1e", "--vscode-editor-foreground": "#d4d4d4", "--vscode-descriptionForeground": "#9d9d9d",
    "--vscode-charts-red": "#f14c4d", "--vscode-charts-yellow": "#cca701", "--vscode-charts-green": "#89d186", "--vscode-charts-blue": "#3794fe", "--vscode-charts-orange": "#d18617",
    "--vscode-panel-border": "#454545", "--vscode-button-background": "#0e639c", "--vscode-button-foreground": "#ffffff",
  },
};

async function open(theme: Theme = LIGHT, viewport = { width: 1000, height: 800 }): Promise<WebviewPage> {
  const w = await openWebview(h, viewport, { path: "/diagnostics.html", ready: "diagnosticsReady" });
  await applyTheme(w.page, theme);
  return w;
}

async function applyTheme(page: Page, t: Theme): Promise<void> {
  await page.evaluate(({ body, vars }) => {
    document.body.classList.remove("vscode-light", "vscode-dark", "vscode-high-contrast");
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.classList.add(body);
  }, t);
}

const renders = (page: Page) => page.evaluate(() => Number(document.body.dataset.renders ?? "0"));

async function showReport(w: WebviewPage, report: unknown = sampleReport(), runId = 5): Promise<void> {
  await w.send({ type: "diagnosisStarted", runId, model: "wages", data: "data.csv" });
  const before = await renders(w.page);
  await w.send({ type: "diagnosisDone", runId, report });
  await w.page.waitForFunction((n) => Number(document.body.dataset.renders ?? "0") > n, before);
}

const hex = (s: string) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16));

/** How many pixels of each rect (in the PNG's pixels) differ from `background` by more than a faint anti-aliasing: decoded in a blank page. */
async function ink(png: Buffer | string, rects: { x: number; y: number; width: number; height: number }[], background: string, corner = { x: 1, y: 1 }): Promise<{ counts: number[]; width: number; height: number; corner: number[] }> {
  const blank = await h.browser.newPage();
  try {
    return await blank.evaluate(async ([src, rs, bg, at]) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const counts = rs.map((r) => {
        const x = Math.max(0, Math.floor(r.x)), y = Math.max(0, Math.floor(r.y));
        const wd = Math.min(img.naturalWidth - x, Math.ceil(r.width)), ht = Math.min(img.naturalHeight - y, Math.ceil(r.height));
        if (wd <= 0 || ht <= 0) return 0;
        const d = ctx.getImageData(x, y, wd, ht).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 60) n++;
        return n;
      });
      const c = ctx.getImageData(at.x, at.y, 1, 1).data;
      return { counts, width: img.naturalWidth, height: img.naturalHeight, corner: [c[0], c[1], c[2]] };
    }, [typeof png === "string" ? png : `data:image/png;base64,${png.toString("base64")}`, rects, hex(background), corner] as const);
  } finally {
    await blank.close();
  }
}

/** The box of a plot's marks (dots, lines, bars, links, ticks; not axes or grid), relative to its <svg>, in the SVG's own units. */
async function marksBox(page: Page, plotId: string) {
  return page.evaluate((id) => {
    const svg = document.querySelector<SVGSVGElement>(`figure.plot[data-plot-id="${id}"] svg.diagnosis-plot`)!;
    const s = svg.getBoundingClientRect();
    const k = Number(svg.getAttribute("width")) / s.width;
    const boxes = [...svg.querySelectorAll('g[data-plot-area] g[aria-label="dot"], g[data-plot-area] g[aria-label="line"], g[data-plot-area] g[aria-label="rect"], g[data-plot-area] g[aria-label="link"], g[data-plot-area] g[aria-label="tick"]')]
      .map((g) => g.getBoundingClientRect()).filter((b) => b.width > 0 || b.height > 0);
    const x0 = Math.min(...boxes.map((b) => b.left)), y0 = Math.min(...boxes.map((b) => b.top)), x1 = Math.max(...boxes.map((b) => b.right)), y1 = Math.max(...boxes.map((b) => b.bottom));
    return { page: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, svg: { x: (x0 - s.left) * k, y: (y0 - s.top) * k, width: (x1 - x0) * k, height: (y1 - y0) * k }, svgWidth: Number(svg.getAttribute("width")), svgHeight: Number(svg.getAttribute("height")) };
  }, plotId);
}

const KINDS = ["local-tests", "residuals", "reweighting-sweep", "environment-coefficients", "loeo", "interventional-fidelity", "posterior-predictive"] as const;
const ID_OF: Record<(typeof KINDS)[number], string> = {
  "local-tests": "local-tests", residuals: "residuals-y", "reweighting-sweep": "reweighting-sweep-y-x", "environment-coefficients": "environment-coefficients-y",
  loeo: "loeo-y", "interventional-fidelity": "interventional-fidelity-z", "posterior-predictive": "posterior-predictive-z",
};

describe("diagnostics panel", () => {
  it("shows the verdict, one group per variable (failing first) with its sentence, plots and checks, the implications, and what the checks cannot see", async () => {
    const w = await open();
    await showReport(w);
    const page = w.page;
    expect(await page.locator("#diag-title").textContent()).toBe("Diagnosis of wages");
    expect(await page.locator("#diag-verdict").textContent()).toBe("fail");
    expect(await page.locator("#diag-counts").textContent()).toBe("4 fail · 3 warn · 3 pass");
    expect(await page.locator("#diag-meta").textContent()).toBe('on data.csv (2,500 rows), alpha 0.01, environments from "env", interventions from "do", params fitted to these data');
    // Failing first; the graph's implied independencies right after the failing variables.
    const order = await page.locator("#groups > section.group").evaluateAll((ss) => ss.map((s) => (s as HTMLElement).dataset.variable ?? (s as HTMLElement).dataset.group));
    expect(order).toEqual(["y", "local-tests", "z", "w", "x"]);
    const y = page.locator('section[data-variable="y"]');
    expect(await y.locator(".badge").first().textContent()).toBe("fail");
    expect(await y.locator(".sentence").textContent()).toBe("The data contradict the mechanism of y: its residuals curve against its fitted value (Holm p 10^-2727.7).");
    expect(await page.locator('section[data-variable="x"] .badge').first().textContent()).toBe("untested");
    expect(await y.locator("figure.plot").evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.plotKind))).toEqual(["residuals", "reweighting-sweep", "environment-coefficients", "loeo"]);
    // The checks table is folded until opened; it holds each check with its statistic, p and Holm p (exact past double precision).
    const table = y.locator("details.checks");
    expect(await table.getAttribute("open")).toBeNull();
    expect(await table.locator("summary").textContent()).toBe("4 checks (4 not passing)");
    await table.locator("summary").click();
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    expect(rows[0]).toEqual(["fail", "y  residuals: curvature (RESET)  F 190214 on (2, 2496) df, p 10^-300", "F 12.5 on (1, 500) df", "10^-2728.0", "10^-2727.7"]);
    expect(rows[2]).toEqual(["fail", "y  loeo  held-out RMSE 10.3× in-distribution in U(1,2)", "RMSE ratio 10.3 on (1, 500) df", "—", "—"]);
    // The implications: the violated ones in words, and their plot.
    const local = page.locator('section[data-group="local-tests"]');
    expect(await local.locator("ul.violated li").allTextContents()).toEqual([
      "fail The graph says x and z are independent; the data say they are not (partial correlation 0.31, Holm p 4.0e-9).",
      "warn w and z given y: evidence against independence (p 0.004) that does not survive the correction.",
    ]);
    expect(await page.locator("#cannot-see h3").textContent()).toBe("What these checks cannot see");
    expect(await page.locator("#cannot-see li").count()).toBe(2);
    expect(await page.locator("#not-checked li").allTextContents()).toEqual(["invariance of z: z has a discrete parent with one level in environment N(0,1)"]);
    // Clicking a variable's heading asks the host to reveal its declaration.
    await y.locator("button.variable-link").click();
    expect(await w.waitForPosted("openSource")).toEqual([{ type: "openSource", variable: "y" }]);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("draws every plot kind with marks in its plot area (non-background pixels in a screenshot) and no non-finite coordinates", async () => {
    const w = await open();
    await showReport(w);
    const page = w.page;
    expect(await page.evaluate(() => document.body.dataset.plotsDrawn)).toBe(String(KINDS.length));
    for (const kind of KINDS) {
      const figure = page.locator(`figure.plot[data-plot-kind="${kind}"]`);
      await figure.scrollIntoViewIfNeeded();
      const svg = figure.locator("svg.diagnosis-plot");
      expect(await svg.count()).toBe(1);
      const markup = await svg.evaluate((s) => s.outerHTML);
      expect(markup).not.toMatch(/="[^"]*(NaN|Infinity|undefined)[^"]*"/);
      const box = await marksBox(page, ID_OF[kind]);
      expect(box.page.width).toBeGreaterThan(50);
      const shot = await page.screenshot();
      const { counts } = await ink(shot, [box.page], LIGHT.vars["--vscode-editor-background"]);
      expect(counts[0], `${kind}: inked pixels where the marks are`).toBeGreaterThan(80);
    }
    // Counted marks: the finite points only (the fixture plants non-finite ones).
    const dots = (id: string) => page.locator(`figure.plot[data-plot-id="${id}"] g[data-plot-area] g[aria-label="dot"] circle`).count();
    expect(await dots("local-tests")).toBe(FIXTURE.localTests - FIXTURE.localTestsNonFinite);
    expect(await dots("residuals-y")).toBe(3 * FIXTURE.residualRows - FIXTURE.residualNonFinite.fitted - FIXTURE.residualNonFinite.x - FIXTURE.residualNonFinite.w);
    expect(await dots("reweighting-sweep-y-x")).toBe(FIXTURE.tilts.length * FIXTURE.grid);
    expect(await page.locator('figure.plot[data-plot-id="residuals-y"] svg text').allTextContents()).toContain("1 point not finite against x, not drawn");
    // Colours come from the theme's chart variables: the failing implication in --vscode-charts-red.
    const fills = await page.locator('figure.plot[data-plot-id="local-tests"] g[aria-label="dot"] circle').evaluateAll((cs) => cs.map((c) => c.getAttribute("fill")));
    expect(fills).toEqual([LIGHT.vars["--vscode-charts-red"], LIGHT.vars["--vscode-charts-green"], LIGHT.vars["--vscode-charts-yellow"]]);
    mkdirSync(join(root, "test", "artifacts"), { recursive: true });
    await page.setViewportSize({ width: 1000, height: 2400 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(root, "test", "artifacts", "browser-diagnostics.png"), fullPage: true });
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("focusVariable scrolls to the variable's group and highlights it, also when sent before the report", async () => {
    const w = await open(LIGHT, { width: 1000, height: 500 });
    await w.send({ type: "diagnosisStarted", runId: 5, model: "wages", data: "data.csv" });
    await w.send({ type: "focusVariable", variable: "z" }); // before the report: applied when it arrives
    const before = await renders(w.page);
    await w.send({ type: "diagnosisDone", runId: 5, report: sampleReport() });
    await w.page.waitForFunction((n) => Number(document.body.dataset.renders ?? "0") > n, before);
    const top = () => w.page.locator('section[data-variable="z"]').evaluate((s) => s.getBoundingClientRect().top);
    await w.page.waitForFunction(() => window.scrollY > 0);
    expect(Math.abs(await top())).toBeLessThan(20);
    expect(await w.page.locator("section.focused").evaluateAll((ss) => ss.map((s) => (s as HTMLElement).dataset.variable))).toEqual(["z"]);
    await w.send({ type: "focusVariable", variable: "w" });
    await w.page.waitForFunction(() => document.querySelector("section.focused")?.getAttribute("data-variable") === "w");
    // w is near the end: at the top of the view, or (too little below it) the page scrolled to its end with w wholly in view.
    const wBox = await w.page.locator('section[data-variable="w"]').evaluate((s) => {
      const b = s.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, atEnd: Math.abs(window.scrollY + innerHeight - document.documentElement.scrollHeight) < 2, height: innerHeight };
    });
    expect(Math.abs(wBox.top) < 20 || (wBox.atEnd && wBox.top >= 0 && wBox.bottom <= wBox.height)).toBe(true);
    expect(await w.page.locator("section.focused").count()).toBe(1);
    await w.page.close();
  });

  it("SVG and PNG exports carry the plot: rendered back, the marks' region is inked, on the theme's background, PNG at 2×", async () => {
    const w = await open(DARK);
    await showReport(w);
    const page = w.page;
    for (const id of ["residuals-y", "posterior-predictive-z", "local-tests"]) {
      const figure = page.locator(`figure.plot[data-plot-id="${id}"]`);
      await figure.scrollIntoViewIfNeeded();
      const box = await marksBox(page, id);
      const before = (await w.posted()).filter((m) => m.type === "exportPlot").length;
      await figure.locator('button[data-format="svg"]').click();
      await figure.locator('button[data-format="png"]').click();
      const exports = (await w.waitForPosted("exportPlot", before + 2)).slice(before);
      for (const m of exports) expect(FromDiagnosticsPanel.safeParse(m).success).toBe(true);
      const [svgMsg, pngMsg] = exports as Array<{ id: string; format: string; fileName: string; data: string }>;
      expect([svgMsg.id, svgMsg.format, svgMsg.fileName, pngMsg.format, pngMsg.fileName]).toEqual([id, "svg", `wages-${id}.svg`, "png", `wages-${id}.png`]); // <model stem>-<plot id>, as every export (issue 12)
      expect(await figure.locator('button[data-format="svg"]').getAttribute("title")).toContain(`(wages-${id}.svg)`);
      expect(svgMsg.data).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svgMsg.data).toContain(`fill="${DARK.vars["--vscode-editor-background"]}"`); // the theme's background
      expect(svgMsg.data).toContain("rgb(212, 212, 212)"); // text colour inlined from the computed style (currentColor resolved)
      // Strict XML: the exported SVG parses as a standalone document.
      expect(await page.evaluate((s) => new DOMParser().parseFromString(s, "image/svg+xml").querySelector("parsererror") === null, svgMsg.data)).toBe(true);
      const bg = DARK.vars["--vscode-editor-background"];
      const fromSvg = await ink(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgMsg.data)}`, [box.svg], bg);
      expect(fromSvg.corner).toEqual(hex(bg));
      expect(fromSvg.counts[0], `${id} SVG export: inked pixels where the marks are`).toBeGreaterThan(80);
      const two = { x: box.svg.x * 2, y: box.svg.y * 2, width: box.svg.width * 2, height: box.svg.height * 2 };
      const fromPng = await ink(pngMsg.data, [two], bg);
      expect([fromPng.width, fromPng.height]).toEqual([box.svgWidth * 2, box.svgHeight * 2]);
      expect(fromPng.corner).toEqual(hex(bg));
      expect(fromPng.counts[0], `${id} PNG export: inked pixels where the marks are`).toBeGreaterThan(4 * 80);
    }
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("follows the theme: dark colours from VS Code's variables, redrawn in light when the theme changes", async () => {
    const w = await open(DARK);
    await showReport(w);
    const page = w.page;
    const failFill = () => page.locator('figure.plot[data-plot-id="local-tests"] g[aria-label="dot"] circle').first().getAttribute("fill");
    const textColour = () => page.locator('figure.plot[data-plot-id="local-tests"] svg.diagnosis-plot').getAttribute("color");
    expect(await failFill()).toBe(DARK.vars["--vscode-charts-red"]);
    expect(await textColour()).toBe(DARK.vars["--vscode-editor-foreground"]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(30, 30, 30)");
    const shotDark = await page.locator('figure.plot[data-plot-id="loeo-y"]').screenshot();
    const before = await renders(page);
    await applyTheme(page, LIGHT);
    await page.waitForFunction((n) => Number(document.body.dataset.renders ?? "0") > n, before);
    expect(await failFill()).toBe(LIGHT.vars["--vscode-charts-red"]);
    expect(await textColour()).toBe(LIGHT.vars["--vscode-editor-foreground"]);
    // The drawn plot itself changed: dark ink on light now, light ink on dark before.
    const box = await page.locator('figure.plot[data-plot-id="loeo-y"]').boundingBox();
    const rect = [{ x: 0, y: 0, width: box!.width, height: box!.height }];
    // (the corner sampled inside the figure's padding, past its 1px border)
    const dark = await ink(shotDark, rect, DARK.vars["--vscode-editor-background"], { x: 3, y: 3 });
    const light = await ink(await page.locator('figure.plot[data-plot-id="loeo-y"]').screenshot(), rect, LIGHT.vars["--vscode-editor-background"], { x: 3, y: 3 });
    expect(dark.corner).toEqual(hex(DARK.vars["--vscode-editor-background"]));
    expect(light.corner).toEqual(hex(LIGHT.vars["--vscode-editor-background"]));
    expect(dark.counts[0]).toBeGreaterThan(500);
    expect(light.counts[0]).toBeGreaterThan(500);
    await page.close();
  });

  it("high contrast: secondary text and reference lines in the foreground colour, 2px verdict borders in the contrast border colour", async () => {
    const HC: Theme = {
      body: "vscode-high-contrast",
      vars: { ...DARK.vars, "--vscode-editor-background": "#000000", "--vscode-editor-foreground": "#fffffe", "--vscode-contrastBorder": "#6fc3de", "--vscode-descriptionForeground": "#9d9d9e" },
    };
    const w = await open(HC);
    await showReport(w);
    const page = w.page;
    const caption = await page.locator('figure.plot[data-plot-id="local-tests"] svg.diagnosis-plot > text').last().getAttribute("fill");
    expect(caption).toBe("#fffffe");
    const zero = await page.locator('figure.plot[data-plot-id="local-tests"] g[aria-label="rule"]').first().getAttribute("stroke");
    expect(zero).toBe("#fffffe");
    const b = await page.locator('section[data-variable="y"] .badge').first().evaluate((e) => { const cs = getComputedStyle(e); return [cs.borderTopWidth, cs.color]; });
    expect(b).toEqual(["2px", "rgb(255, 255, 254)"]);
    expect(await page.locator('section[data-variable="y"]').evaluate((e) => getComputedStyle(e).borderTopColor)).toBe("rgb(111, 195, 222)");
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("shows progress with Cancel while running (Cancel posts cancelDiagnosis for the run), and a failure as its message", async () => {
    const w = await open();
    const page = w.page;
    await w.send({ type: "diagnosisStarted", runId: 12, model: "wages", data: "data.csv" });
    await w.send({ type: "diagnosisProgress", runId: 12, check: "local tests", done: 2, total: 8 });
    await page.locator("#diag-progress").waitFor({ state: "visible" });
    expect(await page.locator("#diag-title").textContent()).toBe("Diagnosing wages on data.csv");
    expect(await page.locator("#diag-check").textContent()).toBe("local tests (3/8)");
    expect(await page.locator("#diag-bar").evaluate((b) => [(b as HTMLProgressElement).value, (b as HTMLProgressElement).max])).toEqual([2, 8]);
    // A progress message of an older run changes nothing.
    await w.send({ type: "diagnosisProgress", runId: 11, check: "residuals", done: 7, total: 8 });
    await page.locator("#diag-cancel").click();
    expect(await w.waitForPosted("cancelDiagnosis")).toEqual([{ type: "cancelDiagnosis", runId: 12 }]);
    expect(await page.locator("#diag-cancel").isDisabled()).toBe(true);
    expect(await page.locator("#diag-bar").evaluate((b) => (b as HTMLProgressElement).value)).toBe(2);
    await w.send({ type: "diagnosisFailed", runId: 12, message: "diagnosis cancelled" });
    await page.locator("#diag-status.error").waitFor();
    expect(await page.locator("#diag-status").textContent()).toBe("diagnosis cancelled");
    expect(await page.locator("#diag-progress").isVisible()).toBe(false);
    // A new run, then a malformed message (ignored, named in the console) and a failure naming the column.
    await w.send({ type: "diagnosisStarted", runId: 13, model: "wages", data: "data.csv" });
    await w.send({ type: "diagnosisProgress", runId: 13, check: "x" });
    await w.send({ type: "diagnosisFailed", runId: 13, message: 'data.csv: no column "y" (columns: a, b)' });
    await page.locator("#diag-status.error").waitFor();
    expect(await page.locator("#diag-status").textContent()).toBe('data.csv: no column "y" (columns: a, b)');
    expect(await page.locator("#groups > *").count()).toBe(0);
    expect(w.errors.some((e) => /invalid host-to-webview diagnostics message of type "diagnosisProgress"/.test(e))).toBe(true);
    await page.close();
  });

  it("draws a real diagnosis: the misspecification sample's line, diagnosed by the model process's diagnose job", async () => {
    const entry = await buildChildForTests("diagnostics-panel");
    const proc = new ModelProcess({ entry, timeoutMs: 60_000, memoryMb: 512 });
    const dir = join(root, "samples", "misspecification");
    let report: unknown;
    try {
      const r = await proc.runJob("diagnose", join(dir, "linear.causal.ts"), { data: join(dir, "data.csv"), environment: "env", alpha: 0.01 });
      expect(r.status).toBe("done");
      report = r.status === "done" ? r.result : undefined;
    } finally {
      proc.dispose();
    }
    const w = await open();
    // As VS Code carries it: JSON (non-finite numbers as null).
    await showReport(w, JSON.parse(JSON.stringify(report)), 1);
    const page = w.page;
    expect(await page.locator("#diag-verdict").textContent()).toBe("fail");
    const y = page.locator('section[data-variable="y"]');
    expect(await y.locator(".badge").first().textContent()).toBe("fail");
    expect(await y.locator(".sentence").textContent()).toMatch(/^The data contradict the mechanism of y: its residuals curve/);
    const kinds = await y.locator("figure.plot").evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.plotKind));
    expect(kinds).toEqual(expect.arrayContaining(["residuals", "environment-coefficients", "loeo", "reweighting-sweep"]));
    for (const id of ["residuals-y", "loeo-y"]) {
      await page.locator(`figure.plot[data-plot-id="${id}"]`).scrollIntoViewIfNeeded();
      const box = await marksBox(page, id);
      const { counts } = await ink(await page.screenshot(), [box.page], LIGHT.vars["--vscode-editor-background"]);
      expect(counts[0], `${id}: inked pixels where the marks are`).toBeGreaterThan(200);
    }
    // Five environments, each held out: five held-out dots, four of them over 2× (samples/misspecification/README.md).
    const held = await page.locator('figure.plot[data-plot-id="loeo-y"] g[aria-label="dot"]').nth(1).locator("circle").evaluateAll((cs) => cs.map((c) => c.getAttribute("fill")));
    expect(held.length).toBe(5);
    expect(held.filter((f) => f === LIGHT.vars["--vscode-charts-red"]).length).toBe(4);
    expect(await page.locator('section[data-variable="x"] .badge').first().textContent()).toBe("untested");
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
