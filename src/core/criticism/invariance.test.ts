import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { createRng } from "../random/rng";
import { invariance } from "./invariance";
import { binomialRegion } from "./calibration.test-util";
import { linearData, model, steinhardtData } from "./steinhardt.test-util";

describe("invariance across environments (ICP, Peters, Bühlmann & Meinshausen 2016)", () => {
  const data = steinhardtData(2018);

  it("finds no invariant set for a line fitted to y = x^2 and says so", () => {
    const m = invariance(model(({ x }) => ({ x })), data, { environment: "env", alpha: 0.01 }).mechanisms[0];
    expect(m.invariantFeatures).toBeNull();
    expect(m.full.log10PMean).toBeLessThan(-10);
    expect(m.full.log10PSpread).toBeLessThan(-10);
    expect(m.full.verdict).toBe("fail");
    expect(m.statement).toMatch(/^No invariant set: .* does not mean its inputs have no effect/);
    expect(m.subsets.map((s) => s.features)).toEqual([[], ["x"]]);
  });

  it("accepts the quadratic mechanism and estimates {x2} as the invariant features", () => {
    const m = invariance(model(({ x }) => ({ x, x2: x * x })), data, { environment: "env", alpha: 0.01 }).mechanisms[0];
    expect(m.full.accepted).toBe(true);
    expect(m.full.verdict).not.toBe("fail");
    expect(m.subsets.filter((s) => s.accepted).map((s) => s.features)).toEqual([["x2"], ["x", "x2"]]);
    expect(m.invariantFeatures).toEqual(["x2"]);
  });

  it("with no features, the mean test is the pooled two-sample t statistic squared (two environments)", () => {
    const rng = createRng(5), n = 80;
    const x = Array.from({ length: n }, () => rng.normal()), e = x.map((_, i) => (i < 30 ? "a" : "b"));
    const y = x.map((v, i) => 0.5 * v + (i < 30 ? 0.3 : 0) + rng.normal());
    const m = invariance(model(({ x }) => ({ x })), { x, y, env: e }, { environment: "env" }).mechanisms[0];
    const empty = m.subsets[0]; // residuals of y on [1]: y minus its mean
    const a = y.slice(0, 30), b = y.slice(30), mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const ss = (v: number[]) => v.reduce((s, t) => s + (t - mean(v)) ** 2, 0);
    const sp2 = (ss(a) + ss(b)) / (n - 2), t = (mean(a) - mean(b)) / Math.sqrt(sp2 * (1 / 30 + 1 / 50));
    expect(empty.meanF).toBeCloseTo(t * t, 9);
  });

  it("names an environment with a single row", () => {
    const err = (f: () => unknown): CausalError => { try { f(); } catch (e) { return e as CausalError; } throw new Error("no error"); };
    const x = [1, 2, 3, 4, 5, 6, 7], y = x.map((v) => v * 2 + (v % 3)), env = ["a", "a", "a", "a", "a", "a", "b"];
    expect(err(() => invariance(model(({ x }) => ({ x })), { x, y, env }, { environment: "env" })).message).toMatch(/environment column "env": an environment has 1 row \(row 7\)/);
  });

  it("keeps its mean test near nominal and its spread test and their Bonferroni combination at most nominal, on a well-specified line (300 seeds)", () => {
    const seeds = 300, [lo, hi] = binomialRegion(seeds, 0.05), la = Math.log10(0.05);
    let mean = 0, spread = 0, combined = 0;
    for (let s = 0; s < seeds; s++) {
      const f = invariance(model(({ x }) => ({ x })), linearData(700 + s, 60), { environment: "env" }).mechanisms[0].full;
      if (f.log10PMean < la) mean++;
      if (f.log10PSpread < la) spread++;
      if (f.log10P < la) combined++;
    }
    // The mean test is exact; Brown-Forsythe on pooled residuals is conservative (valid: at most nominal).
    expect(mean).toBeGreaterThanOrEqual(lo);
    expect(mean).toBeLessThanOrEqual(hi);
    expect(spread).toBeLessThanOrEqual(hi);
    expect(combined).toBeLessThanOrEqual(hi);
  });
});
