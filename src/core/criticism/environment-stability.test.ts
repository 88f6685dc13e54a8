// Steinhardt's example (../shared/notes/seeds.md, section h): y = x^2 + N(0, 0.1^2) in five
// environments of 500 rows; a line refitted per environment has slope 2 E[x] (l + u for U(l, u)).
import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { environmentStability } from "./environment-stability";
import { binomialRegion } from "./calibration.test-util";
import { ENVS, linearData, model, steinhardtData } from "./steinhardt.test-util";

describe("environment stability (Steinhardt's y = x^2)", () => {
  const data = steinhardtData(2018);
  const linear = environmentStability(model(({ x }) => ({ x })), data, { environment: "env", alpha: 0.01 }).mechanisms[0];
  const quadratic = environmentStability(model(({ x }) => ({ x, x2: x * x })), data, { environment: "env", alpha: 0.01 }).mechanisms[0];

  it("refits a line per environment with slopes near l + u (1, 3, -1, 0, 4), within 0.15", () => {
    expect(linear.environments.map((e) => e.environment)).toEqual(ENVS.map((e) => e[0]));
    linear.environments.forEach((e, k) => {
      expect(Math.abs(e.coef[1] - ENVS[k][2])).toBeLessThan(0.15);
      expect(e.lower[1]).toBeLessThan(e.coef[1]);
      expect(e.upper[1]).toBeGreaterThan(e.coef[1]);
    });
  });

  it("rejects coefficient equality for the line (p < 1e-10) and not for the quadratic (p > 0.01)", () => {
    expect(linear.chow.log10P).toBeLessThan(-10);
    expect(linear.chow.df).toEqual([8, 2500 - 10]);
    expect(linear.verdict).toBe("fail");
    expect(quadratic.chow.p).toBeGreaterThan(0.01);
    expect(quadratic.chow.df).toEqual([12, 2500 - 15]);
    expect(quadratic.verdict).toBe("pass");
  });

  it("flags the line's leave-one-environment-out error (ratio > 2) and keeps the quadratic's near the noise, 0.1", () => {
    expect(linear.loeoFlagged).toBe(true);
    // seeds.md's simulation: the line's held-out RMSE per environment 1.37, 0.71, 0.95, 2.23, 2.68 (within 15%).
    [1.37, 0.71, 0.95, 2.23, 2.68].forEach((r, k) => expect(Math.abs(linear.environments[k].loeoRmse / r - 1)).toBeLessThan(0.15));
    expect(Math.max(...linear.environments.map((e) => e.loeoRatio))).toBeGreaterThan(2);
    expect(quadratic.loeoFlagged).toBe(false);
    for (const e of quadratic.environments) expect(Math.abs(e.loeoRmse - 0.1)).toBeLessThan(0.015);
  });

  it("Chow's F equals pooled against separate simple regressions in closed form", () => {
    const groups = ENVS.map((e) => data.env.map((v, i) => (v === e[0] ? i : -1)).filter((i) => i >= 0));
    const rssOf = (rows: number[]): number => {
      const n = rows.length, mx = rows.reduce((s, i) => s + data.x[i], 0) / n, my = rows.reduce((s, i) => s + data.y[i], 0) / n;
      const sxy = rows.reduce((s, i) => s + (data.x[i] - mx) * (data.y[i] - my), 0), sxx = rows.reduce((s, i) => s + (data.x[i] - mx) ** 2, 0);
      const syy = rows.reduce((s, i) => s + (data.y[i] - my) ** 2, 0);
      return syy - (sxy * sxy) / sxx;
    };
    const pooled = rssOf(groups.flat()), separate = groups.reduce((s, g) => s + rssOf(g), 0);
    expect(linear.chow.statistic).toBeCloseTo(((pooled - separate) / 8) / (separate / 2490), 6);
  });

  it("names an environment column with one level, and a level with too few rows", () => {
    const err = (f: () => unknown): CausalError => { try { f(); } catch (e) { return e as CausalError; } throw new Error("no error"); };
    const m = model(({ x }) => ({ x }));
    const one = err(() => environmentStability(m, { ...data, env: data.env.map(() => "a") }, { environment: "env" }));
    expect([one.diagnostic.code, one.message]).toEqual(["constant-column", expect.stringMatching(/column "env" is constant \(every one of its 2500 rows is a\)/)]);
    const missing = err(() => environmentStability(m, data, { environment: "site" }));
    expect([missing.diagnostic.code, missing.message]).toEqual(["missing-column", expect.stringMatching(/no column "site"/)]);
    const few = err(() => environmentStability(m, { x: [1, 2, 3, 4, 5, 6], y: [1, 4, 9, 16, 25, 36], env: ["a", "a", "a", "a", "a", "b"] }, { environment: "env" }));
    expect(few.message).toMatch(/too few rows for refitting "y" in environment b of column "env"/);
  });

  it("keeps Chow's false-positive rate near nominal on a well-specified line (300 seeds)", () => {
    const seeds = 300, [lo, hi] = binomialRegion(seeds, 0.05);
    let k = 0;
    for (let s = 0; s < seeds; s++) if (environmentStability(model(({ x }) => ({ x })), linearData(300 + s, 60), { environment: "env" }).mechanisms[0].chow.p < 0.05) k++;
    expect(k).toBeGreaterThanOrEqual(lo);
    expect(k).toBeLessThanOrEqual(hi);
  });
});
