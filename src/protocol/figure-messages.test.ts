// Figures from a script's `main` and the run panel's messages: each is checked on receipt; bad ones
// are named (figure, field), never drawn; and the schema's type is core's Figure, both ways.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Figure } from "../core/figures/figure";
import { MAX_FIGURE_VALUES } from "../core/figures/figure";
import { checkFigures, type FigureDto, MAX_FIGURE_VALUES_DTO, parseFromRunPanel, parseToRunPanel, RUN_PANEL_PROTOCOL_VERSION } from "./figure-messages";

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

describe("figures", () => {
  it("the schema's type is core's Figure (a change to one without the other fails to compile)", () => {
    expectTypeOf<FigureDto>().toEqualTypeOf<Figure>();
    expect(MAX_FIGURE_VALUES_DTO).toBe(MAX_FIGURE_VALUES);
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
