// `causal-studio run --plots DIR`: the figures main returns are checked, then written as <id>.svg
// (drawn: the marks are there, in the series' colours) and figures.json; a figure that cannot be
// drawn is one error naming it, and nothing is written; main's exit code passes through.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIGHT_PLOT_THEME, seriesPalette } from "../../webview/figures/figure-plot";
import { ensureCliBundle, fixture, runCli } from "./run-cli";

beforeAll(ensureCliBundle, 60_000);
const dir = mkdtempSync(join(tmpdir(), "cs-run-plots-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("causal-studio run --plots", () => {
  it("writes one SVG per figure and figures.json, and keeps main's exit code and output", async () => {
    const out = join(dir, "a");
    const r = await runCli("run", "--plots", out, fixture("figures-script.ts"));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("two figures\n");
    expect(r.stderr).toBe(`wrote 2 figures to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(["figures.json", "rates.svg", "regret-vs-m.svg"]);
    const json = JSON.parse(readFileSync(join(out, "figures.json"), "utf8"));
    expect(json.figures.map((f: { id: string }) => f.id)).toEqual(["regret-vs-m", "rates"]);
    const [blue, orange] = seriesPalette(LIGHT_PLOT_THEME);
    const curve = readFileSync(join(out, "regret-vs-m.svg"), "utf8");
    expect(curve).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    expect(curve).toContain("<title>Simple regret against m</title>");
    expect(curve).toContain("a fixture: y = m / 100");
    // Two series: two paths, one in each colour, 4 dots each, the legend naming both, the labelled rule.
    expect(curve.match(/aria-label="line"/g)).toHaveLength(2);
    expect(curve.match(new RegExp(`stroke="${blue}"`, "g"))?.length).toBeGreaterThan(0);
    expect(curve.match(new RegExp(`stroke="${orange}"`, "g"))?.length).toBeGreaterThan(0);
    expect(curve.match(/<circle /g)?.length).toBeGreaterThanOrEqual(8);
    expect(curve).toContain(">successive rejects</text>");
    expect(curve).toContain(">epsilon</text>");
    const bars = readFileSync(join(out, "rates.svg"), "utf8");
    // XML, not HTML: a "<" or "&" of a title is escaped in attributes too, or the file does not open as an image.
    expect(bars).toContain('aria-label="Rates by group (A &lt; B &amp; C)"');
    for (const svg of [curve, bars]) {
      expect(svg).not.toMatch(/="[^"]*</);
      expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
    }
    expect(bars.match(/<rect /g)?.length).toBeGreaterThanOrEqual(3); // two bars and the background
    expect(bars).toContain(">A</text>");
  });

  it("an image grid is written with each PNG as an <image href> in its cell, the rows and columns named", async () => {
    const out = join(dir, "images");
    const r = await runCli("run", "--plots", out, fixture("image-figure-script.ts"));
    expect(r.stderr).toBe(`wrote 1 figure to ${out}\n`);
    expect(r.code).toBe(0);
    const [figure] = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")).figures;
    const svg = readFileSync(join(out, "grid.svg"), "utf8");
    const images = [...svg.matchAll(/<image ([^>]*)>/g)].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
    expect(images.map((i) => i.href)).toEqual(figure.marks.map((m: { src: string }) => m.src));
    expect(images[0].href).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    // One square a cell: the same size, two x positions and two y positions, a cell apart.
    const xs = [...new Set(images.map((i) => Number(i.x)))], ys = [...new Set(images.map((i) => Number(i.y)))];
    expect(new Set(images.map((i) => `${i.width}x${i.height}`)).size).toBe(1);
    expect(Number(images[0].width)).toBe(Number(images[0].height));
    expect(xs).toHaveLength(2);
    expect(ys).toHaveLength(2);
    expect(xs[1] - xs[0]).toBeGreaterThan(Number(images[0].width));
    expect(ys[1] - ys[0]).toBeCloseTo(xs[1] - xs[0], 6);
    for (const label of ["original", "do(shape=heart)", "1", "2", "example"]) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain("<title>example 1 &lt;as drawn&gt;</title>");
    expect(svg).toContain('aria-label="Originals &amp; counterfactuals"');
    expect(svg).not.toMatch(/="[^"]*</);
  });

  it("a figure that cannot be drawn is one error naming it and its field; nothing is written", async () => {
    const out = join(dir, "bad");
    const r = await runCli("run", `--plots=${out}`, fixture("figures-script.ts"), "--bad");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("two figures\n");
    expect(r.stderr).toMatch(/error: .*figures-script\.ts: main\(\) returned figures that cannot be drawn: figure 2 \("rates"\) marks\.0\.bars\.1\.value: must be a finite number/);
    expect(existsSync(out)).toBe(false);
  });

  it("a main that returns no figures writes an empty figures.json and says so; without --plots figures are ignored", async () => {
    const out = join(dir, "none");
    const r = await runCli("run", "--plots", out, fixture("figures-script.ts"), "--none");
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "figures.json"), "utf8"))).toEqual({ figures: [] });
    expect(r.stderr).toMatch(/main\(\) returned no figures/);
    const plain = await runCli("run", fixture("figures-script.ts"));
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe("");
  });

  it("--plots needs a folder", async () => {
    const r = await runCli("run", "--plots", fixture("figures-script.ts"));
    expect(r.code).not.toBe(0);
    const r2 = await runCli("run", "--plots", "--timeout-ms", "100", fixture("figures-script.ts"));
    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toMatch(/--plots takes a folder/);
  });
});
