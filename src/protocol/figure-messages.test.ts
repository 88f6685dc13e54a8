// Figures from a script's `main` and the run panel's messages: each is checked on receipt; bad ones
// are named (figure, field), never drawn; and the schema's type is core's Figure, both ways.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Figure } from "../core/figures/figure";
import { MAX_FIGURE_IMAGE_BYTES, MAX_FIGURE_VALUES } from "../core/figures/figure";
import { pngBytes, pngDataUri } from "../../test/support/png";
import { checkFigures, type FigureDto, MAX_FIGURE_IMAGE_BYTES_DTO, MAX_FIGURE_VALUES_DTO, parseFromRunPanel, parseToRunPanel, RUN_PANEL_PROTOCOL_VERSION } from "./figure-messages";

const line: Figure = {
  id: "effect-vs-m", title: "Simple regret against m", caption: "reference: seeds.md",
  x: { label: "m" }, y: { label: "regret", domain: [0, 0.5] },
  marks: [
    { kind: "line", series: "parallel", points: [{ x: 2, y: 0 }, { x: 4, y: 0.01 }] },
    { kind: "interval", series: "parallel", points: [{ x: 2, y: 0, lo: -0.01, hi: 0.01 }] },
    { kind: "histogram", series: "ssa", values: [1, 2, 2, 3], bins: 10 },
    { kind: "rule", axis: "y", value: 0.2, label: "eps" },
  ],
};
const bars: Figure = {
  id: "fpr", title: "False-positive rate by group", x: { label: "group" }, y: { label: "rate" },
  marks: [{ kind: "bar", series: "FPR", bars: [{ label: "Black", value: 0.45, lo: 0.43, hi: 0.47 }, { label: "White", value: 0.23 }] }, { kind: "rule", axis: "y", value: 0.3 }],
};

const PNG = pngDataUri(2, 2, (x, y) => (x === y ? [0, 0, 0] : [255, 255, 255]));
const grid: Figure = {
  id: "reconstructions", title: "Originals and reconstructions", x: { label: "example" }, y: { label: "" },
  marks: ["original", "reconstruction"].flatMap((row) => ["1", "2"].map((column) => ({ kind: "image" as const, row, column, src: PNG, title: `${row} ${column}` }))),
};
const withImage = (src: string) => [{ ...grid, marks: [{ kind: "image", row: "r", column: "c", src }] }];
/** The longest PNG data URI of at most `chars` characters: a real PNG with zero bytes after its IEND, a multiple of 3 bytes (base64 without padding). */
const pngOfLength = (chars: number) => {
  const png = pngBytes(2, 2, () => [0, 0, 0]);
  return `data:image/png;base64,${Buffer.concat([png, Buffer.alloc(Math.floor((chars - 22) / 4) * 3 - png.length)]).toString("base64")}`;
};
const atCap = pngOfLength(MAX_FIGURE_IMAGE_BYTES), overCap = pngOfLength(MAX_FIGURE_IMAGE_BYTES + 4), half = pngOfLength(MAX_FIGURE_IMAGE_BYTES / 2 + 4);

describe("figures", () => {
  it("the schema's type is core's Figure (a change to one without the other fails to compile)", () => {
    expectTypeOf<FigureDto>().toEqualTypeOf<Figure>();
    expect(MAX_FIGURE_VALUES_DTO).toBe(MAX_FIGURE_VALUES);
    expect(MAX_FIGURE_IMAGE_BYTES_DTO).toBe(MAX_FIGURE_IMAGE_BYTES);
  });

  it.each([
    ["a grid of PNGs", [grid], true],
    ["a PNG without a title", withImage(PNG), true],
    ["a JPEG data URI", withImage(`data:image/jpeg;base64,${PNG.slice("data:image/png;base64,".length)}`), false],
    ["an http URL", withImage("http://example.com/a.png"), false],
    ["a file path", withImage("./a.png"), false],
    ["base64 that is not a PNG (GIF89a)", withImage(`data:image/png;base64,${Buffer.from("GIF89a....").toString("base64")}`), false],
    ["a character outside base64", withImage(`${PNG.slice(0, -4)}AA"A`), false],
    ["base64 not in whole quads", withImage(PNG.slice(0, -1)), false],
    ["padding inside the data", withImage(`${PNG.slice(0, 40)}==${PNG.slice(42)}`), false],
    ["one image at the cap", withImage(atCap), true],
    ["one image over the cap", withImage(overCap), false],
    ["two images over the cap together", [{ ...grid, marks: [0, 1].map((i) => ({ kind: "image", row: "r", column: String(i), src: half })) }], false],
    ["one cell twice", [{ ...grid, marks: [grid.marks[0], { ...grid.marks[0], src: PNG }] }], false],
    ["an image beside a line", [{ ...grid, marks: [...grid.marks, line.marks[0]] }], false],
    ["an image beside a rule", [{ ...grid, marks: [...grid.marks, { kind: "rule", axis: "y", value: 1 }] }], false],
    ["an image grid with a log axis", [{ ...grid, y: { label: "", scale: "log" } }], false],
    ["an image grid with a domain", [{ ...grid, x: { label: "example", domain: [0, 1] } }], false],
    ["an image without a row", [{ ...grid, marks: [{ kind: "image", column: "c", src: PNG }] }], false],
  ])("images: %s", (_, raw, ok) => expect(checkFigures(raw).ok).toBe(ok));

  it("a rejected image is named by its figure and mark, saying what an image must be", () => {
    const http = checkFigures([grid, { ...grid, id: "web", marks: [grid.marks[0], { kind: "image", row: "r", column: "c", src: "https://example.com/a.png" }] }]);
    expect(!http.ok && http.error).toBe('figure 2 ("web") marks.1.src: must be a PNG as a data URI (data:image/png;base64,... of a PNG file); URLs and other image types are not drawn');
    expect([atCap.length, overCap.length, half.length * 2].map((n) => n > MAX_FIGURE_IMAGE_BYTES)).toEqual([false, true, true]);
    const big = checkFigures(withImage(overCap));
    expect(!big.ok && big.error).toBe(`figure 1 ("reconstructions") marks: ${overCap.length} characters of image data URIs in one figure; at most ${MAX_FIGURE_IMAGE_BYTES} (2 MiB: make the images smaller or split them over figures)`);
    const together = checkFigures([{ ...grid, marks: [0, 1].map((i) => ({ kind: "image", row: "r", column: String(i), src: half })) }]);
    expect(!together.ok && together.error).toBe(`figure 1 ("reconstructions") marks: ${half.length * 2} characters of image data URIs in one figure; at most ${MAX_FIGURE_IMAGE_BYTES} (2 MiB: make the images smaller or split them over figures)`);
    const twice = checkFigures([{ ...grid, marks: [grid.marks[0], grid.marks[1], grid.marks[0]] }]);
    expect(!twice.ok && twice.error).toBe('figure 1 ("reconstructions") marks.2: the cell (row "original", column "1") already holds mark 1\'s image');
  });

  it.each([
    ["lines, intervals, histograms and rules", [line], true],
    ["bars with a rule on y", [bars], true],
    ["none", [], true],
    ["a non-finite point (JSON null)", [{ ...line, marks: [{ kind: "line", series: "a", points: [{ x: 1, y: null }] }] }], false],
    ["NaN", [{ ...line, marks: [{ kind: "line", series: "a", points: [{ x: 1, y: NaN }] }] }], false],
    ["an interval with lo > hi", [{ ...line, marks: [{ kind: "interval", series: "a", points: [{ x: 1, y: 0, lo: 1, hi: 0 }] }] }], false],
    ["no marks", [{ ...line, marks: [] }], false],
    ["an id with a slash", [{ ...line, id: "../x" }], false],
    ["two figures with one id", [line, { ...bars, id: "Effect-vs-M" }], false],
    ["bars beside a line", [{ ...bars, marks: [...bars.marks, line.marks[0]] }], false],
    ["a bar label twice", [{ ...bars, marks: [{ kind: "bar", series: "a", bars: [{ label: "x", value: 1 }, { label: "x", value: 2 }] }] }], false],
    ["a bar with lo only", [{ ...bars, marks: [{ kind: "bar", series: "a", bars: [{ label: "x", value: 1, lo: 0 }] }] }], false],
    ["a log axis with a zero", [{ ...line, y: { label: "regret", scale: "log" } }], false],
    ["a log axis with positive values", [{ ...line, x: { label: "m", scale: "log" } }], true],
    ["a reversed domain", [{ ...line, y: { label: "y", domain: [1, 0] } }], false],
    ["an unknown mark", [{ ...line, marks: [{ kind: "area", series: "a", points: [] }] }], false],
    ["too many values", [{ ...line, marks: [{ kind: "histogram", series: "a", values: new Array(MAX_FIGURE_VALUES + 1).fill(0) }] }], false],
    ["not an array", { figures: [line] }, false],
  ])("%s", (_, raw, ok) => expect(checkFigures(raw).ok).toBe(ok));

  it("a rejected figure is named by number and id, with the field", () => {
    const r = checkFigures([line, { ...bars, marks: [{ kind: "bar", series: "a", bars: [{ label: "x", value: Infinity }] }] }]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBe('figure 2 ("fpr") marks.0.bars.0.value: must be a finite number');
  });
});

describe("run panel messages", () => {
  it.each([
    ["a start", { type: "runStarted", runId: 1, script: "samples/x/main.ts", args: ["--json"] }, true],
    ["output", { type: "runOutput", runId: 1, stream: "stdout", text: "hello\n" }, true],
    ["output on another stream", { type: "runOutput", runId: 1, stream: "stdin", text: "x" }, false],
    ["the end with figures", { type: "runDone", runId: 1, exitCode: 0, elapsedMs: 12, figures: [line, bars] }, true],
    ["the end with a bad figure", { type: "runDone", runId: 1, exitCode: 0, elapsedMs: 12, figures: [{ ...line, title: "" }] }, false],
    ["a failure", { type: "runFailed", runId: 1, message: "timed out" }, true],
    ["a failure without a message", { type: "runFailed", runId: 1, message: "" }, false],
  ])("host -> panel: %s", (_, raw, ok) => expect(parseToRunPanel(raw).ok).toBe(ok));

  it.each([
    ["ready", { type: "runPanelReady", version: RUN_PANEL_PROTOCOL_VERSION }, true],
    ["cancel", { type: "cancelRun", runId: 3 }, true],
    ["an SVG export", { type: "exportFigure", id: "fpr", format: "svg", fileName: "main-fpr.svg", data: "<svg width=\"1\"></svg>" }, true],
    ["a PNG export", { type: "exportFigure", id: "fpr", format: "png", data: "data:image/png;base64,iVBOR" }, true],
    ["an export whose data is not its format", { type: "exportFigure", id: "fpr", format: "png", data: "<svg/>" }, false],
    ["an export naming a path", { type: "exportFigure", id: "fpr", format: "svg", fileName: "../x.svg", data: "<svg/>" }, false],
    ["an export without the drawing", { type: "exportFigure", id: "fpr", format: "svg", data: "" }, false],
  ])("panel -> host: %s", (_, raw, ok) => expect(parseFromRunPanel(raw).ok).toBe(ok));
});
