// Image figures in the run panel, in real Chromium with a stubbed host (the page the extension serves,
// strict CSP): a grid of 4×4 PNGs of known patterns is drawn cell by cell, each picture scaled up into
// one square with its pixels kept sharp — read back from a screenshot of each <image>, every source
// pixel's square is dark or light where the PNG says — with the rows and columns named; the SVG and
// PNG exports carry the pictures, and the data URIs pass the panel's content security policy.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FigureDto } from "../../src/protocol/figure-messages";
import { pngDataUri } from "../support/png";
import { openWebview, requireChromium, startHarness, type Harness } from "./harness";

const executable = requireChromium();
let h: Harness;
beforeAll(async () => void (h = await startHarness(executable)));
afterAll(async () => h?.close());

const DARK: [number, number, number] = [0, 0, 0], LIGHT: [number, number, number] = [255, 220, 0]; // yellow, not the white page
/** An "L": the left column and the bottom row dark. Flipped or transposed it reads differently, so a wrong orientation fails. */
const ell = (x: number, y: number) => x === 0 || y === 3;
const PATTERNS: Record<string, (x: number, y: number) => boolean> = { ell, inverse: (x, y) => !ell(x, y), diagonal: (x, y) => x === y };
const CELLS = [
  { row: "original", column: "example 1", pattern: "ell" },
  { row: "original", column: "example 2", pattern: "inverse" },
  { row: "original", column: "example 3", pattern: "diagonal" },
  { row: "do(shape=heart)", column: "example 1", pattern: "inverse" },
  { row: "do(shape=heart)", column: "example 2", pattern: "diagonal" },
  { row: "do(shape=heart)", column: "example 3", pattern: "ell" },
];
const GRID: FigureDto = {
  id: "grid", title: "Originals and interventions", caption: "4×4 test patterns", x: { label: "" }, y: { label: "" },
  marks: CELLS.map((c) => ({ kind: "image", row: c.row, column: c.column, src: pngDataUri(4, 4, (x, y) => (PATTERNS[c.pattern](x, y) ? DARK : LIGHT)), title: `${c.row}, ${c.column}` })),
};

/** Each of a screenshot's 4×4 squares read at its centre (dark, light or neither), and the share of its pixels that are neither: a smoothed image has many. */
async function readSquares(page: Page, png: Buffer): Promise<{ squares: string[][]; blended: number; width: number; height: number }> {
  return page.evaluate(async ([src, dark, light]) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const w = img.naturalWidth, hgt = img.naturalHeight;
    const ctx = new OffscreenCanvas(w, hgt).getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, w, hgt).data;
    const near = (i: number, c: number[]) => Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) <= 60;
    const kind = (i: number) => (near(i, dark) ? "dark" : near(i, light) ? "light" : "neither");
    const squares = [0, 1, 2, 3].map((y) => [0, 1, 2, 3].map((x) => kind((Math.floor(((y + 0.5) * hgt) / 4) * w + Math.floor(((x + 0.5) * w) / 4)) * 4)));
    let blended = 0;
    for (let i = 0; i < d.length; i += 4) if (kind(i) === "neither") blended++;
    return { squares, blended: blended / (w * hgt), width: w, height: hgt };
  }, [`data:image/png;base64,${png.toString("base64")}`, DARK, LIGHT] as const);
}

describe("run panel, image figures", () => {
  it("draws each PNG in its row and column, scaled up with its pixels where the PNG has them", async () => {
    const w = await openWebview(h, { width: 1000, height: 900 }, { path: "/run.html", ready: "runPanelReady" });
    const page = w.page;
    await page.evaluate(() => {
      document.documentElement.style.setProperty("--vscode-editor-background", "#ffffff");
      document.documentElement.style.setProperty("--vscode-editor-foreground", "#000000");
      document.body.classList.add("vscode-light");
    });
    await w.send({ type: "runStarted", runId: 1, script: "/w/samples/dsprites/main.ts", args: [] });
    await w.send({ type: "runDone", runId: 1, exitCode: 0, elapsedMs: 10, figures: [GRID] });
    await page.waitForFunction(() => document.body.dataset.figuresDrawn === "1");
    const box = page.locator('figure.plot[data-figure-id="grid"]');
    await box.scrollIntoViewIfNeeded();
    const images = box.locator('g[data-plot-area] g[aria-label="image"] image');
    expect(await images.count()).toBe(CELLS.length);
    const texts = await box.locator("svg text").allTextContents();
    for (const t of ["original", "do(shape=heart)", "example 1", "example 2", "example 3"]) expect(texts).toContain(t);

    // Where each image lies on the page: one square size, three columns left to right, two rows top to bottom.
    const rects = await images.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; }));
    const size = rects[0].w;
    expect(size).toBeGreaterThan(60);
    for (const r of rects) (expect(r.w).toBeCloseTo(size, 1), expect(r.h).toBeCloseTo(size, 1));
    CELLS.forEach((c, i) => {
      const col = ["example 1", "example 2", "example 3"].indexOf(c.column), row = ["original", "do(shape=heart)"].indexOf(c.row);
      expect(rects[i].x - rects[0].x).toBeCloseTo(col * (rects[1].x - rects[0].x), 0);
      expect(rects[i].y - rects[0].y).toBeCloseTo(row * (rects[3].y - rects[0].y), 0);
    });
    expect(rects[1].x - rects[0].x).toBeGreaterThanOrEqual(size);
    expect(rects[3].y - rects[0].y).toBeGreaterThanOrEqual(size);
    // Row names left of the first column, column names above the first row.
    const label = async (t: string) => box.locator("svg text", { hasText: t }).first().evaluate((e) => { const r = e.getBoundingClientRect(); return { right: r.right, bottom: r.bottom }; });
    expect((await label("do(shape=heart)")).right).toBeLessThanOrEqual(rects[0].x);
    expect((await label("example 2")).bottom).toBeLessThanOrEqual(rects[0].y);

    // The pixels: a screenshot of each image, each of its 4×4 squares dark or light as its PNG, few pixels in between (not smoothed).
    const blank = await h.browser.newPage();
    try {
      for (const [i, c] of CELLS.entries()) {
        const shot = await readSquares(blank, await images.nth(i).screenshot());
        const want = [0, 1, 2, 3].map((y) => [0, 1, 2, 3].map((x) => (PATTERNS[c.pattern](x, y) ? "dark" : "light")));
        expect(shot.squares, `${c.row}, ${c.column} (${c.pattern})`).toEqual(want);
        expect(shot.blended, `${c.row}, ${c.column}: share of pixels neither dark nor light`).toBeLessThan(0.06);
      }

      // Exports: the SVG holds each <image> with its PNG; the PNG (drawn from that SVG) shows them, dark and light.
      await box.hover();
      await box.locator('button[data-format="svg"]').click();
      await box.locator('button[data-format="png"]').click();
      const [svg, png] = await w.waitForPosted("exportFigure", 2);
      const exported = String(svg.data);
      for (const m of GRID.marks) expect(exported).toContain(`href="${(m as { src: string }).src}"`);
      const counts = await blank.evaluate(async ([src, dark, light]) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const ctx = new OffscreenCanvas(img.naturalWidth, img.naturalHeight).getContext("2d")!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data;
        const near = (i: number, c: number[]) => Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) <= 60;
        let nDark = 0, nLight = 0;
        for (let i = 0; i < d.length; i += 4) (near(i, dark) && nDark++, near(i, light) && nLight++);
        return { nDark, nLight };
      }, [String(png.data), DARK, LIGHT] as const);
      // The patterns' dark and light squares (40 and 56), each (size / 4)² px at the export's scale of 2 (so 4 × that); the text adds dark pixels, hence lower bounds.
      const squares = (dark: boolean) => CELLS.reduce((n, c) => n + [0, 1, 2, 3].flatMap((y) => [0, 1, 2, 3].filter((x) => PATTERNS[c.pattern](x, y) === dark)).length, 0);
      const square = (size / 4) ** 2 * 4;
      expect(counts.nDark).toBeGreaterThan(squares(true) * square * 0.8);
      expect(counts.nLight).toBeGreaterThan(squares(false) * square * 0.8);
    } finally {
      await blank.close();
    }
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
