// samples/dsprites-vae: the causal model's DAG (the course's), the argument parser, and the whole
// experiment on a CI-sized configuration (32 x 32 rendered images, the small model) scored against the
// generating process: the held-out negative ELBO under its stated threshold; images generated under
// do(shape = s) read as s by a classifier trained on rendered images only (>= 90%); counterfactual
// shape swaps with scale and position held keep the centroid within 2 px and the scale within one
// step; P(scale | do(shape)) within total variation 0.05 of the truth for the causal model and far
// from it for the independent-factors CVAE; the figures pass the run panel's schema, the PNG grid and
// report.json are written whole; the README quotes the thresholds the test holds it to.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFigures } from "../../src/protocol/figure-messages";
import { runExperiment, type ExperimentReport, type GridRow } from "../../samples/dsprites-vae/experiment";
import { figures, formatReport, jsonSummary, parseArgs, writeOut } from "../../samples/dsprites-vae/main";
import model, { causalVae, FULL, independentVae, SMALL } from "../../samples/dsprites-vae/model.causal";

/** What the CI run trains: the small configuration as `run` trains it (fewer held-out images to score). */
export const CI = { images: 20_000, testImages: 400, epochs: 10, counterfactuals: 30, generated: 300 };
/** The thresholds the README states for this configuration. */
const MAX_HELD_OUT_NELBO = 25;

describe("the model files", () => {
  it("the causal model is the course DAG; the independent one has the same image mechanism and no arrow among the factors", () => {
    const edges = (g: ReturnType<typeof model.graph>) => g.edges.map((e) => `${e.from}->${e.to}`).sort();
    expect(edges(model.graph())).toEqual([
      "orientation->image", "orientation->posX", "posX->image", "posY->image", "scale->image", "scale->posY",
      "shape->image", "shape->orientation", "shape->scale", "z->image",
    ]);
    expect(edges(independentVae().graph())).toEqual(["orientation->image", "posX->image", "posY->image", "scale->image", "shape->image", "z->image"]);
    const im = causalVae(FULL).spec().images![0];
    expect([im.width, im.height, im.hidden, im.guideHidden, im.inputs.at(-1)]).toEqual([64, 64, [1000, 1000], [1000, 1000], { parent: "z", kind: "vector", size: 16 }]);
    expect(model.spec().images![0].guideHidden).toEqual([256]);
    expect(model.spec().images![0].inputs.map((i) => (i.kind === "one-hot" ? i.levels : i.kind))).toEqual([3, 6, 40, 32, 32, "vector"]);
  });

  it("parses its arguments and refuses bad ones, naming them", () => {
    const a = parseArgs(["--images", "500", "--epochs", "3", "--hidden", "64,128", "--json", "--out", "x"]);
    expect([a.options.images, a.options.epochs, a.options.config.hidden, a.json, a.out]).toEqual([500, 3, [64, 128], true, "x"]);
    expect(parseArgs([]).options).toMatchObject({ config: SMALL, images: 20_000, testImages: 2_000, epochs: 10 });
    expect(parseArgs(["--config", "full"]).options.config).toEqual(FULL);
    expect(() => parseArgs(["--config", "huge"])).toThrow(/--config takes small or full/);
    expect(() => parseArgs(["--images", "-3"])).toThrow(/--images takes a whole number/);
    expect(() => parseArgs(["--hidden", "64,x"])).toThrow(/--hidden/);
    expect(() => parseArgs(["--nope"])).toThrow(/unknown argument --nope/);
  });
});

describe("the experiment at the CI configuration", () => {
  let report: ExperimentReport;
  let grid: GridRow[];
  beforeAll(async () => {
    ({ report, grid } = await runExperiment({ config: SMALL, seed: 0, backend: "wasm", ...CI }));
  }, 600_000);

  it(`the held-out negative ELBO is under ${MAX_HELD_OUT_NELBO} nats per image, and training lowered it`, () => {
    expect(report.negativeElbo.test).toBeLessThan(MAX_HELD_OUT_NELBO);
    expect(report.history.at(-1)!).toBeLessThan(report.history[0] / 3);
    expect(report.backend).toBe("wasm");
  });

  it("images generated under do(shape = s) read as s in at least 90% of cases, for every shape", () => {
    for (const s of report.interventions) expect(s.classifierAccuracy, s.shape).toBeGreaterThanOrEqual(0.9);
    expect(report.classifierTrainAccuracy).toBeGreaterThan(0.97);
  });

  it("P(scale | do(shape)) is within TV 0.05 of the generating tables for the causal model; the independent-factors CVAE misses it", () => {
    for (const s of report.interventions) {
      expect(s.tvCausal, s.shape).toBeLessThan(0.05);
      expect(s.tvIndependent, s.shape).toBeGreaterThan(0.15);
      expect(s.scaleCausal.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
  });

  it("a counterfactual shape swap with scale and position held keeps the centroid within 2 px and the scale within one step", () => {
    expect(report.counterfactual.units).toBe(CI.counterfactuals);
    expect(report.counterfactual.centroidShiftMax).toBeLessThanOrEqual(2);
    expect(report.counterfactual.scaleStepMax).toBeLessThanOrEqual(1);
    expect(report.calibrationPair!.centroidShift).toBeLessThanOrEqual(2);
  });

  it("the figures pass the run panel's schema; the grid and report.json are written; the report and --json name the figures", () => {
    const figs = figures(report, grid);
    expect(checkFigures(figs)).toEqual({ ok: true, figures: expect.any(Array) });
    const images = figs.find((f) => f.id === "images")!;
    expect(images.marks.length).toBe(grid.reduce((s, r) => s + r.images.length, 0));
    expect(grid.map((r) => r.images.length)).toEqual([6, 6, 6, 6, 6, 6, 4]);
    const dir = mkdtempSync(join(tmpdir(), "dsprites-out-"));
    try {
      const [png, json] = writeOut(dir, report, grid);
      const bytes = readFileSync(png);
      expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const width = bytes.readUInt32BE(16), height = bytes.readUInt32BE(20);
      expect([width, height]).toEqual([6 * 34 + 2, 7 * 36]); // each row: 32 px and 2 px of padding above and below
      const idat = bytes.subarray(41, 41 + bytes.readUInt32BE(33));
      expect(inflateSync(idat).length).toBe(height * (width + 1));
      expect(JSON.parse(readFileSync(json, "utf8"))).toEqual(JSON.parse(JSON.stringify(jsonSummary(report))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const text = formatReport(report);
    expect(text).toMatch(/do\(shape = heart\): [\d.]+% of generated images read as heart/);
    expect(Object.keys(jsonSummary(report))).toEqual(["config", "negative_elbo", "do_shape", "counterfactual", "calibration_pair", "performance"]);
  });

  it("the README states the thresholds this test holds the configuration to", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "samples", "dsprites-vae", "README.md"), "utf8");
    expect(readme).toContain(`${CI.images.toLocaleString("en-US")} images, ${CI.epochs} epochs`);
    expect(readme).toContain(`${CI.testImages} held-out`);
    expect(readme).toContain(`under ${MAX_HELD_OUT_NELBO} nats`);
    for (const s of ["≥ 90%", "within 2 px", "one scale step", "TV < 0.05"]) expect(readme).toContain(s);
  });
});
