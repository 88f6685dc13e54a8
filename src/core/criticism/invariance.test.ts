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

  it("with no features, the spread test is Bartlett's chi-square of the environments' sample variances (textbook form)", () => {
    const rng = createRng(9), n = 90;
    const x = Array.from({ length: n }, () => rng.normal()), e = x.map((_, i) => (i < 25 ? "a" : i < 60 ? "b" : "c"));
    const y = x.map((v, i) => 0.5 * v + (i >= 60 ? 1.6 : 1) * rng.normal());
    const empty = invariance(model(({ x }) => ({ x })), { x, y, env: e }, { environment: "env" }).mechanisms[0].subsets[0];
    const parts = [y.slice(0, 25), y.slice(25, 60), y.slice(60)], k = 3;
    const variance = (v: number[]) => { const m = v.reduce((s, t) => s + t, 0) / v.length; return v.reduce((s, t) => s + (t - m) ** 2, 0) / (v.length - 1); };
    const sp2 = parts.reduce((s, v) => s + (v.length - 1) * variance(v), 0) / (n - k);
    const M = (n - k) * Math.log(sp2) - parts.reduce((s, v) => s + (v.length - 1) * Math.log(variance(v)), 0);
    const C = 1 + (parts.reduce((s, v) => s + 1 / (v.length - 1), 0) - 1 / (n - k)) / (3 * (k - 1));
    expect(empty.spreadDf).toBe(2);
    expect(empty.spreadChiSquare).toBeCloseTo(M / C, 9);
    expect(empty.spreadF).toBeCloseTo(M / C / 2, 9);
    // chi-square(2) upper tail is exp(-x / 2) exactly
    expect(empty.log10PSpread).toBeCloseTo(-(M / C) / 2 / Math.LN10, 9);
  });

  it("keeps its mean and spread tests and their Bonferroni combination near nominal on a well-specified line (300 seeds)", () => {
    // Measured over 2,000 seeds at alpha = 0.05 (3 environments): spread (Bartlett) 0.050 / 0.053 / 0.054
    // with 20 / 60 / 200 rows per environment; mean 0.047 / 0.042 / 0.052; combined 0.042 / 0.043 / 0.051.
    const seeds = 300, [lo, hi] = binomialRegion(seeds, 0.05), la = Math.log10(0.05);
    let mean = 0, spread = 0, combined = 0;
    for (let s = 0; s < seeds; s++) {
      const f = invariance(model(({ x }) => ({ x })), linearData(700 + s, 60), { environment: "env" }).mechanisms[0].full;
      if (f.log10PMean < la) mean++;
      if (f.log10PSpread < la) spread++;
      if (f.log10P < la) combined++;
    }
    // The mean test is exact; Bartlett's chi-square on the pooled residuals is near nominal under normal noise;
    // the Bonferroni combination is at most nominal.
    expect(mean).toBeGreaterThanOrEqual(lo);
    expect(mean).toBeLessThanOrEqual(hi);
    expect(spread).toBeGreaterThanOrEqual(lo);
    expect(spread).toBeLessThanOrEqual(hi);
    expect(combined).toBeLessThanOrEqual(hi);
  });

  it("has power against a variance shift alone (one environment's noise doubled, same line)", () => {
    let rejected = 0;
    for (let s = 0; s < 50; s++) {
      const d = linearData(4000 + s, 100), rng = createRng(s);
      const y = d.y.map((v, i) => (d.env[i] === "c" ? v + rng.normal() * Math.sqrt(3) : v)); // noise sd 1 -> 2 in "c"
      const f = invariance(model(({ x }) => ({ x })), { ...d, y }, { environment: "env" }).mechanisms[0].full;
      if (f.log10PSpread < Math.log10(0.05)) rejected++;
    }
    expect(rejected).toBeGreaterThanOrEqual(48);
  });
});
