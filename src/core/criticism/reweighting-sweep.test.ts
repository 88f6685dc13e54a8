// The reweighting sweep: on a well-specified line the drift test's false-positive rate stays at
// its level over 300 seeds (exact binomial region); on y = x^2 fitted by a line it rejects with
// a slope that tracks the tilted mean (2 E_t[x]), and the quadratic passes; the weighted normal
// equations equal a direct weighted least squares on the rows; SQL = streamed.
import { describe, expect, it } from "vitest";
import { memoryDataSource } from "../data/data-source";
import { statisticsProvider } from "../data/source-statistics";
import { createRng } from "../random/rng";
import { binomialRegion } from "./calibration.test-util";
import { reweightingSweep } from "./reweighting-sweep";
import { model, steinhardtData } from "./steinhardt.test-util";

const line = model(({ x }) => ({ x }));
const quadratic = model(({ x }) => ({ x, x2: x * x }));

function lineData(seed: number, n: number, dist: "normal" | "uniform") {
  const rng = createRng(seed), x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = dist === "normal" ? rng.normal() : 3 * rng.next(); y[i] = 1 + 2 * x[i] + rng.normal(); }
  return { x, y };
}

describe("reweighting sweep", () => {
  it("well-specified: the drift test's false-positive rate is near 5% over 300 seeds (normal and uniform parents)", async () => {
    for (const dist of ["normal", "uniform"] as const) {
      let rejected = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const r = await reweightingSweep(line, statisticsProvider(memoryDataSource(lineData(seed, 400, dist))), { alpha: 0.05 });
        if (r.mechanisms[0].parents[0].test.p < 0.05) rejected++;
      }
      const [lo, hi] = binomialRegion(300, 0.05);
      expect(rejected, dist).toBeGreaterThanOrEqual(lo);
      expect(rejected, dist).toBeLessThanOrEqual(hi);
    }
  });

  it("power: a line fitted to y = x^2 drifts (slope 2 E_t[x] for x ~ N(0, 1): the tilt t shifts the mean to t); the quadratic does not", async () => {
    const rng = createRng(5), n = 2000, x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { x[i] = rng.normal(); y[i] = x[i] * x[i] + 0.1 * rng.normal(); }
    const stats = statisticsProvider(memoryDataSource({ x, y }));
    const lin = (await reweightingSweep(line, stats)).mechanisms[0].parents[0];
    expect(lin.test.log10P).toBeLessThan(-10);
    expect(lin.test.verdict).toBe("fail");
    const ends = [lin.points[0], lin.points[lin.points.length - 1]];
    // E_t[x] = mean + t sd for a normal x, so the slope at t is about 2 (mean + t sd).
    for (const pt of ends) expect(Math.abs(pt.coef[1] - 2 * (lin.mean + pt.t * lin.sd))).toBeLessThan(0.25);
    expect(lin.drift.lower > 0 || lin.drift.upper < 0).toBe(true);
    const quad = (await reweightingSweep(quadratic, stats)).mechanisms[0].parents[0];
    expect(quad.test.p).toBeGreaterThan(0.01);
    expect(quad.drift.inResidualSd).toBeLessThan(lin.drift.inResidualSd / 20);
  });

  it("each sweep point is the weighted least squares of the rows (1e-9), and the effective rows are (sum w)^2 / sum w^2", async () => {
    const d = steinhardtData(3, 100);
    const x = Float64Array.from(d.x), y = Float64Array.from(d.y);
    const r = (await reweightingSweep(line, statisticsProvider(memoryDataSource({ x, y })), { tilt: 1.5, steps: 5 })).mechanisms[0].parents[0];
    const n = x.length, mean = x.reduce((a, b) => a + b, 0) / n, sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(Math.abs(r.mean - mean)).toBeLessThan(1e-9);
    for (const pt of r.points) {
      let sw = 0, sw2 = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (let i = 0; i < n; i++) { const w = Math.exp((pt.t * (x[i] - mean)) / sd); sw += w; sw2 += w * w; sx += w * x[i]; sy += w * y[i]; sxx += w * x[i] * x[i]; sxy += w * x[i] * y[i]; }
      const slope = (sxy - (sx * sy) / sw) / (sxx - (sx * sx) / sw), icept = (sy - slope * sx) / sw;
      expect(Math.abs(pt.coef[1] - slope)).toBeLessThan(1e-9 * Math.max(1, Math.abs(slope)));
      expect(Math.abs(pt.coef[0] - icept)).toBeLessThan(1e-9 * Math.max(1, Math.abs(icept)));
      expect(Math.abs(pt.effectiveRows - (sw * sw) / sw2)).toBeLessThan(1e-6);
    }
    expect(r.points.map((p) => p.t)).toEqual([-1.5, -0.75, 0, 0.75, 1.5]);
  });
});
