// The run panel (Run Script) in real Chromium with a stubbed host (the page the extension serves,
// strict CSP), read as a user reads it: the script's name and arguments, its output in order (stderr
// marked), the state with the exit code and time, then each figure drawn — marks inked where they are
// (pixels in a screenshot), each series in its own colour from VS Code's chart variables (counted in
// the pixels), histograms overlaid on shared bins, bars per label; SVG and PNG exports of a figure
// carry it; Cancel posts cancelRun; a failure shows its message. One test runs a script for real
// through the editor's pipeline (script-runner.ts: the CLI's `run --plots`) and draws what it returned.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FigureDto } from "../../src/protocol/figure-messages";
import { runScript } from "../../src/extension/script-runner";
import { ensureCliBundle, fixture, FIXTURES } from "../cli/run-cli";
import { openWebview, requireChromium, root, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();
let h: Harness;
beforeAll(async () => void (h = await startHarness(executable)));
afterAll(async () => h?.close());

// Light+ values, the chart colours each one off VS Code's so a match names its variable.
const VARS: Record<string, string> = {
  "--vscode-editor-background": "#ffffff", "--vscode-editor-foreground": "#000000", "--vscode-descriptionForeground": "#717171",
  "--vscode-charts-red": "#e51401", "--vscode-charts-yellow": "#bf8804", "--vscode-charts-green": "#388a35", "--vscode-charts-blue": "#1a85fe", "--vscode-charts-orange": "#d18617",
  "--vscode-panel-border": "#e0e0e0", "--vscode-button-background": "#007acc", "--vscode-button-foreground": "#ffffff",
};
const BLUE = VARS["--vscode-charts-blue"], ORANGE = VARS["--vscode-charts-orange"];

async function open(viewport = { width: 1000, height: 900 }): Promise<WebviewPage> {
  const w = await openWebview(h, viewport, { path: "/run.html", ready: "runPanelReady" });
  await w.page.evaluate((vars) => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.classList.add("vscode-light");
  }, VARS);
  return w;
}

const SCRIPT = "/w/samples/causal-bandits/main.ts";
const xs = [2, 4, 8, 16, 32, 48];
const FIGURES: FigureDto[] = [
  {
    id: "regret-vs-m", title: "Simple regret against m", caption: "Reference values: the notes' re-implementation.", x: { label: "m" }, y: { label: "simple regret" },
    marks: [
      { kind: "line", series: "parallel", points: xs.map((m) => ({ x: m, y: m / 300 })) },
      { kind: "line", series: "successive rejects", points: xs.map((m) => ({ x: m, y: 0.17 })) },
      { kind: "rule", axis: "y", value: 0.3, label: "epsilon" },
    ],
  },
  {
    id: "effect-histograms", title: "Effect on Erk", x: { label: "effect" }, y: { label: "runs" },
    marks: [
      { kind: "histogram", series: "same seed", values: Array.from({ length: 400 }, (_, i) => 2.7 + 5 * Math.sin(i * 1.7)), bins: 20 },
      { kind: "histogram", series: "SCM", values: Array.from({ length: 400 }, (_, i) => 2.7 + 0.8 * Math.sin(i * 1.3)), bins: 20 },
      { kind: "rule", axis: "x", value: 2.69, label: "ODE" },
    ],
  },
  {
    id: "rates", title: "Error rates by group", x: { label: "group" }, y: { label: "rate" },
    marks: [
      { kind: "bar", series: "FPR", bars: [{ label: "Black", value: 0.45, lo: 0.42, hi: 0.48 }, { label: "White", value: 0.23, lo: 0.2, hi: 0.26 }] },
      { kind: "bar", series: "FNR", bars: [{ label: "Black", value: 0.28 }, { label: "White", value: 0.48 }] },
    ],
  },
];

const hex = (s: string) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16));

/** Pixels of a PNG (a locator's screenshot) within `tol` of each colour, and pixels off the background. */
async function colours(png: Buffer, wanted: string[], background: string, tol = 40): Promise<{ matches: number[]; inked: number }> {
  const blank = await h.browser.newPage();
  try {
    return await blank.evaluate(async ([src, cs, bg, t]) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data;
      const matches = cs.map(() => 0);
      let inked = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 60) inked++;
        cs.forEach((c, k) => { if (Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) <= t) matches[k]++; });
      }
      return { matches, inked };
    }, [`data:image/png;base64,${png.toString("base64")}`, wanted.map(hex), hex(background), tol] as const);
  } finally {
    await blank.close();
  }
}

async function finish(w: WebviewPage, figures: FigureDto[] = FIGURES, runId = 4, exitCode = 0): Promise<void> {
  const before = Number(await w.page.evaluate(() => document.body.dataset.renders ?? "0"));
  await w.send({ type: "runDone", runId, exitCode, elapsedMs: 1234, figures });
  if (figures.length) await w.page.waitForFunction((n) => Number(document.body.dataset.renders ?? "0") > n, before);
}

const plotArea = (page: Page, id: string) => page.locator(`figure.plot[data-figure-id="${id}"] g[data-plot-area]`);

describe("run panel", () => {
  it("shows the script, its output in order with stderr marked, the exit code and time, then every figure with its series in the theme's colours", async () => {
    const w = await open();
    const page = w.page;
    await w.send({ type: "runStarted", runId: 4, script: SCRIPT, args: ["--runs", "200"] });
    expect(await page.locator("#run-title").textContent()).toBe("Running causal-bandits/main.ts");
    expect(await page.locator("#run-command").textContent()).toBe('main("--runs","200")');
    expect(await page.locator("#run-state").textContent()).toBe("running");
    expect(await page.locator("#run-cancel").isVisible()).toBe(true);
    await w.send({ type: "runOutput", runId: 4, stream: "stdout", text: "regret vs m\n" });
    await w.send({ type: "runOutput", runId: 4, stream: "stdout", text: "  m = 2: 0.000\n" });
    await w.send({ type: "runOutput", runId: 4, stream: "stderr", text: "warning: 200 runs only\n" });
    await w.send({ type: "runOutput", runId: 99, stream: "stdout", text: "another run's line\n" });
    expect(await page.locator("#run-output").textContent()).toBe("regret vs m\n  m = 2: 0.000\nwarning: 200 runs only\n");
    expect(await page.locator("#run-output span.stderr").textContent()).toBe("warning: 200 runs only\n");
    await finish(w);
    expect(await page.locator("#run-state").textContent()).toBe("exit 0 · 1.2 s");
    expect(await page.locator("#run-cancel").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.body.dataset.figuresDrawn)).toBe("3");

    // The line figure: two line marks, 6 dots each, the legend naming both series, the labelled rule; blue and orange pixels.
    const curve = page.locator('figure.plot[data-figure-id="regret-vs-m"]');
    await curve.scrollIntoViewIfNeeded();
    expect(await plotArea(page, "regret-vs-m").locator('g[aria-label="line"]').count()).toBe(2);
    expect(await plotArea(page, "regret-vs-m").locator('g[aria-label="dot"] circle').count()).toBe(12);
    const texts = await curve.locator("svg text").allTextContents();
    for (const t of ["Simple regret against m", "parallel", "successive rejects", "epsilon", "Reference values: the notes' re-implementation."]) expect(texts).toContain(t);
    const lineShot = await colours(await plotArea(page, "regret-vs-m").screenshot(), [BLUE, ORANGE], VARS["--vscode-editor-background"]);
    expect(lineShot.matches[0], "pixels in --vscode-charts-blue (parallel)").toBeGreaterThan(150);
    expect(lineShot.matches[1], "pixels in --vscode-charts-orange (successive rejects)").toBeGreaterThan(150);

    // Histograms: both series binned on the same 20-ish thresholds, overlaid (not stacked: no bar is taller than the larger count).
    const hist = plotArea(page, "effect-histograms");
    await hist.scrollIntoViewIfNeeded();
    const rects = await hist.locator('g[aria-label="rect"] rect').evaluateAll((rs) => rs.map((r) => ({ fill: r.getAttribute("fill") ?? r.parentElement?.getAttribute("fill"), x: Number(r.getAttribute("x")), w: Number(r.getAttribute("width")) })));
    const blueBins = rects.filter((r) => r.fill === BLUE), orangeBins = rects.filter((r) => r.fill === ORANGE);
    expect(blueBins.length).toBeGreaterThan(10);
    expect(orangeBins.length).toBeGreaterThan(2);
    // Overlaid: every orange bin starts where a blue bin does (shared thresholds).
    for (const o of orangeBins) expect(blueBins.some((b) => Math.abs(b.x - o.x) < 0.01)).toBe(true);
    const histShot = await colours(await hist.screenshot(), [], VARS["--vscode-editor-background"]);
    expect(histShot.inked).toBeGreaterThan(2000);

    // Bars: two per label, side by side, with whiskers where an interval was given.
    const bars = plotArea(page, "rates");
    await bars.scrollIntoViewIfNeeded();
    expect(await bars.locator('g[aria-label="bar"] rect').count()).toBe(4);
    expect(await page.locator('figure.plot[data-figure-id="rates"] svg text').allTextContents()).toEqual(expect.arrayContaining(["Black", "White", "FPR", "FNR"]));
    const barShot = await colours(await bars.screenshot(), [BLUE, ORANGE], VARS["--vscode-editor-background"]);
    expect(barShot.matches[0]).toBeGreaterThan(1000);
    expect(barShot.matches[1]).toBeGreaterThan(1000);

    mkdirSync(join(root, "test", "artifacts"), { recursive: true });
    await page.setViewportSize({ width: 1000, height: 1500 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(root, "test", "artifacts", "browser-run-panel.png"), fullPage: true });
    const markup = await page.locator("#figures").evaluate((e) => e.innerHTML);
    expect(markup).not.toMatch(/="[^"]*(NaN|Infinity|undefined)[^"]*"/);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("keeps the last 2,000,000 characters of a long output, with a note of how many went, also when one stream wrote it all", async () => {
    const w = await open();
    await w.send({ type: "runStarted", runId: 9, script: SCRIPT, args: [] });
    // 40 messages of 60,000 characters on stdout (the schema's cap is 64 KiB a message): 2.4M in all, the line number first.
    const chunk = (k: number) => `${String(k).padStart(6, "0")}${"x".repeat(59_993)}\n`;
    for (let k = 0; k < 40; k++) await w.send({ type: "runOutput", runId: 9, stream: "stdout", text: chunk(k) });
    const shown = await w.page.evaluate(() => {
      const spans = [...document.querySelectorAll<HTMLElement>("#run-output span[data-stream]")].map((s) => s.textContent ?? "");
      return { text: spans.join(""), note: document.querySelector("#run-output span.note")?.textContent ?? "" };
    });
    const total = 40 * 60_000;
    expect(shown.text.length).toBeLessThanOrEqual(2_000_000);
    expect(shown.text.length).toBeGreaterThan(1_700_000);
    expect(shown.text.endsWith(chunk(39))).toBe(true);
    expect(shown.note).toBe(`(${(total - shown.text.length).toLocaleString("en-US")} earlier characters not kept)\n`);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("SVG and PNG exports carry the figure, named after the sample's folder", async () => {
    const w = await open();
    await w.send({ type: "runStarted", runId: 4, script: SCRIPT, args: [] });
    await finish(w);
    const box = w.page.locator('figure.plot[data-figure-id="regret-vs-m"]');
    await box.hover();
    await box.locator('button[data-format="svg"]').click();
    await box.locator('button[data-format="png"]').click();
    const [svg, png] = await w.waitForPosted("exportFigure", 2);
    expect(svg).toMatchObject({ id: "regret-vs-m", format: "svg", fileName: "causal-bandits-regret-vs-m.svg" });
    expect(String(svg.data)).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg/);
    expect(String(svg.data)).toContain("successive rejects");
    expect(png).toMatchObject({ id: "regret-vs-m", format: "png", fileName: "causal-bandits-regret-vs-m.png" });
    // The PNG, decoded: the marks are there in both series' colours.
    const decoded = await colours(Buffer.from(String(png.data).replace(/^data:image\/png;base64,/, ""), "base64"), [BLUE, ORANGE], VARS["--vscode-editor-background"]);
    expect(decoded.matches[0]).toBeGreaterThan(200);
    expect(decoded.matches[1]).toBeGreaterThan(200);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("Cancel posts cancelRun for the run; a failure shows its message; no figures says how to return some", async () => {
    const w = await open();
    await w.send({ type: "runStarted", runId: 7, script: SCRIPT, args: [] });
    await w.page.locator("#run-cancel").click();
    expect(await w.waitForPosted("cancelRun")).toEqual([{ type: "cancelRun", runId: 7 }]);
    await w.send({ type: "runFailed", runId: 7, message: "Cancelled: the script's process was stopped." });
    expect(await w.page.locator("#run-status").textContent()).toBe("Cancelled: the script's process was stopped.");
    expect(await w.page.locator("#run-status").getAttribute("class")).toBe("error");
    expect(await w.page.locator("#run-state").textContent()).toBe("failed");
    await w.send({ type: "runStarted", runId: 8, script: SCRIPT, args: [] });
    await finish(w, [], 8);
    expect(await w.page.locator("#run-status").textContent()).toMatch(/main returned no figures/);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("draws what a script really returned, run through the editor's pipeline (the CLI's run --plots)", async () => {
    await ensureCliBundle();
    const out: string[] = [];
    const r = await runScript({ cli: process.env.CAUSAL_STUDIO_CLI!, script: fixture("figures-script.ts"), args: [], cwd: FIXTURES, timeoutMs: 60_000, memoryMb: 1024, onOutput: (_, t) => void out.push(t) });
    expect(r.status).toBe("done");
    if (r.status !== "done") return;
    const w = await open();
    await w.send({ type: "runStarted", runId: 4, script: fixture("figures-script.ts"), args: [] });
    await w.send({ type: "runOutput", runId: 4, stream: "stdout", text: out.join("") });
    await finish(w, r.figures, 4, r.exitCode);
    expect(await w.page.evaluate(() => document.body.dataset.figuresDrawn)).toBe("2");
    expect(await w.page.locator("#run-state").textContent()).toMatch(/^exit 2 · /);
    const shot = await colours(await plotArea(w.page, "regret-vs-m").screenshot(), [BLUE, ORANGE], VARS["--vscode-editor-background"]);
    expect(shot.matches[0]).toBeGreaterThan(100);
    expect(shot.matches[1]).toBeGreaterThan(100);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
