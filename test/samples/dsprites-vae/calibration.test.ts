// samples/dsprites-vae/calibration.ts: the renderer against the real dSprites pair shipped in
// samples/dsprites-vae/data (a square and its heart counterfactual). Measured with the shipped
// constants: the square is reproduced pixel for pixel (133 px, IoU 1, centroid distance 0); the
// heart reaches IoU 0.907 (81 px against the real 83, centroids 0.31 px apart). The asserted
// bounds are those numbers less a margin, so a change to the geometry that loses fit fails here.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { calibrate, calibrationCandidates, compareImages, fitCalibration, loadCalibrationImages } from "../../../samples/dsprites-vae/calibration";
import { GEOMETRY, renderSprite } from "../../../samples/dsprites-vae/sprites";

const shipped = join(__dirname, "..", "..", "..", "samples", "dsprites-vae", "data", "sprites_example.npz");

describe("dsprites-vae calibration", () => {
  it("looks in the sample's own data/ folder first, and finds the shipped file there", async () => {
    expect(calibrationCandidates()[0]).toBe(shipped);
    expect(calibrationCandidates("/x/repo")).toContain("/x/shared/data/dsprites-calibration/sprites_example.npz");
    const r = await calibrate();
    if (!r.ok) throw new Error(r.error);
    expect(r.calibration.path).toBe(shipped);
  });

  it("the square: centroid within 0.5 px, IoU at least 0.85 (measured: 1.000 and 0.00 px)", async () => {
    const r = await calibrate(shipped);
    if (!r.ok) throw new Error(r.error);
    const { square, factors } = r.calibration;
    expect(factors).toEqual({ shape: 0, scale: 1, orientation: 13, posX: 26, posY: 14 });
    expect(square.realArea).toBe(133);
    expect(square.centroidDistance).toBeLessThan(0.5);
    expect(square.iou).toBeGreaterThanOrEqual(0.85);
    expect(square.iou).toBeGreaterThanOrEqual(0.98);
    expect(square.centroidDistance).toBeLessThan(0.1);
  });

  it("the heart: IoU, area and the heart/square area ratio (measured: 0.907, 81 vs 83 px, 0.609 vs 0.624)", async () => {
    const r = await calibrate(shipped);
    if (!r.ok) throw new Error(r.error);
    const { heart, cfFactors, realAreaRatio, renderedAreaRatio } = r.calibration;
    expect(cfFactors).toEqual({ shape: 2, scale: 1, orientation: 13, posX: 26, posY: 14 });
    expect(heart.realArea).toBe(83);
    expect(heart.iou).toBeGreaterThanOrEqual(0.88);
    expect(heart.centroidDistance).toBeLessThan(0.5);
    expect(Math.abs(renderedAreaRatio - realAreaRatio)).toBeLessThan(0.04);
  });

  it("SIZE_CONSTANT is the best square fit on a scan from 17 to 22 px, and the heart's tip angle the best on a 5° scan", async () => {
    const l = await loadCalibrationImages(shipped);
    if (!l.ok) throw new Error(l.error);
    const at = (sizeConstant: number, heartTipAngle = GEOMETRY.heartTipAngle) => fitCalibration(l.images, { sizeConstant, heartTipAngle });
    const best = at(GEOMETRY.sizeConstant);
    for (let s = 17; s <= 22; s += 0.1) expect(at(s).square.iou).toBeLessThanOrEqual(best.square.iou);
    for (let deg = -180; deg < 180; deg += 5) expect(at(GEOMETRY.sizeConstant, (deg * Math.PI) / 180).heart.iou).toBeLessThanOrEqual(best.heart.iou + 1e-12);
  });

  it("orientation turns counter-clockwise on screen: the clockwise reading (orientation 26, 240° = -120°) fits worse (IoU 0.732)", async () => {
    const l = await loadCalibrationImages(shipped);
    if (!l.ok) throw new Error(l.error);
    const cw = compareImages(l.images.image, renderSprite({ ...l.images.factors, orientation: 26 }), 64);
    expect(cw.iou).toBeLessThan(0.8);
  });

  it("a missing file is an error value naming where it looked, not an exception", async () => {
    const missing = join(__dirname, "no-such-dir", "sprites_example.npz");
    const r = await calibrate(missing);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(missing);
  });

  it("a file that is not the calibration pair is an error value too", async () => {
    const r = await calibrate(__filename);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/npz|ZIP/i);
  });
});
