// Closed-form linear-Gaussian inference (issue 14, item 3) against independent answers: Pearl's "Joe" counterfactual
// (Primer §4.2.3: Y_{H=2} = 1.9 exactly), a 20-variable random model's conditional and do-means by the covariance
// formula E[Y | E = e] = mu_Y + S_YE S_EE^-1 (e - mu_E) (a second algorithm, written here), and the spread answer()
// reports. Mechanisms that are not linear-Gaussian are detected and sampled.
import { describe, expect, it } from "vitest";
import { bernoulli, normal, scm } from "../index";
import { answer } from "../query/answer";
import type { QuerySpec } from "../query/query-spec";
import { invert } from "../../../test/support/invert";
import { randomLinearGaussian } from "./random-linear-gaussian.test-util";
import { linearGaussianForm } from "./gaussian-network";

const CLOSED = "closed form (Gaussian conditioning)";

describe("closed-form Gaussian inference", () => {
  it("Joe (Pearl, Glymour & Jewell, Primer 4.2.3): had he studied 2 hours, Y = 1.5 + 0.4 (2 - 1) = 1.9, with sd 0", () => {
    const joe = scm("encouragement")
      .variable("x", () => normal(0, 1))
      .variable("h", ({ x }) => normal(0.5 * x, 1))
      .variable("y", ({ x, h }) => normal(0.7 * x + 0.4 * h, 1));
    const e = joe.counterfactual({ given: { x: 0.5, h: 1, y: 1.5 }, do: { h: 2 } }).mean("y");
    expect(e).toMatchObject({ standardError: 0, method: CLOSED });
    expect(e.value).toBeCloseTo(1.9, 14);
    const a = answer(joe, { kind: "single", counterfactual: true, given: { x: 0.5, h: 1, y: 1.5 }, do: { h: 2 }, target: "y" }, { seed: 1 });
    if (a.type !== "mean") throw new Error("expected a mean");
    expect(a.spread!.sd).toBeCloseTo(0, 12);
  });

  it("a 20-variable random model: conditional and do-means equal the covariance formula; sd and 90% interval exact", () => {
    const n = 20;
    const { spec, B, b0, sd } = randomLinearGaussian(n, 20, [1, 3, 7], 0.8);
    const m = { spec: () => spec };
    // The second algorithm: mu = (I - B)^-1 b0, S = A D A^T, then Gaussian conditioning on the covariance matrix.
    const moments = (doVars: Record<number, number>) => {
      const Bd = B.map((row, i) => (i in doVars ? row.map(() => 0) : row));
      const c = b0.map((x, i) => (i in doVars ? doVars[i] : x));
      const s = sd.map((x, i) => (i in doVars ? 0 : x));
      const A = invert(Bd.map((row, i) => row.map((x, j) => (i === j ? 1 : 0) - x)));
      const mu = A.map((row) => row.reduce((t, x, j) => t + x * c[j], 0));
      const S = A.map((ri) => A.map((rj) => ri.reduce((t, x, k) => t + x * rj[k] * s[k] * s[k], 0)));
      return { mu, S };
    };
    const conditional = (doVars: Record<number, number>, given: Record<number, number>, y: number) => {
      const { mu, S } = moments(doVars);
      const E = Object.keys(given).map(Number);
      const w = invert(E.map((a) => E.map((b) => S[a][b])));
      const r = E.map((e) => given[e] - mu[e]);
      const mean = mu[y] + E.reduce((t, a, i) => t + S[y][a] * E.reduce((u, _, j) => u + w[i][j] * r[j], 0), 0);
      const variance = S[y][y] - E.reduce((t, a, i) => t + S[y][a] * E.reduce((u, b, j) => u + w[i][j] * S[b][y], 0), 0);
      return { mean, sd: Math.sqrt(variance) };
    };
    const cases: [QuerySpec & { kind: "single" }, Record<number, number>, Record<number, number>, number][] = [
      [{ kind: "single", counterfactual: false, do: {}, given: { v19: 1.3, v10: -0.4 }, target: "v5" }, {}, { 19: 1.3, 10: -0.4 }, 5],
      [{ kind: "single", counterfactual: false, do: { v8: 2 }, given: { v17: 0.5 }, target: "v19" }, { 8: 2 }, { 17: 0.5 }, 19],
      [{ kind: "single", counterfactual: false, do: {}, given: {}, target: "v19" }, {}, {}, 19],
    ];
    for (const [q, doVars, given, y] of cases) {
      const a = answer(m, q, { seed: 1 });
      if (a.type !== "mean") throw new Error("expected a mean");
      const truth = conditional(doVars, given, y);
      expect(a.estimate).toMatchObject({ standardError: 0, method: CLOSED });
      expect(a.estimate.value).toBeCloseTo(truth.mean, 10);
      expect(a.spread!.sd).toBeCloseTo(truth.sd, 10);
      expect(a.spread!.interval!.high - a.estimate.value).toBeCloseTo(1.6448536269514722 * truth.sd, 10);
      // Sampling agrees within its own standard error.
      const s = answer(m, q, { seed: 3, samples: 40_000, method: "sampling" });
      if (s.type !== "mean") throw new Error("expected a mean");
      expect(Math.abs(s.estimate.value - truth.mean)).toBeLessThan(5 * s.estimate.standardError);
    }
  });

  it("refuses what is not linear-Gaussian, naming the mechanism, and those queries are sampled", () => {
    const cases = [
      scm("square").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(x * x, 1)),
      scm("branch").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(x > 50 ? 100 : 2 * x, 1)),
      scm("scale").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(x, Math.exp(x / 10))),
      scm("mixed").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => normal(x, 1)),
    ];
    const why = [/"y" is not linear-Gaussian \(its mean is not affine in x\)/, /its mean is not affine in x/, /its sd depends on its parents/, /"x" is not linear-Gaussian \(its mechanism gives bernoulli/];
    cases.forEach((m, i) => {
      expect(() => linearGaussianForm(m.spec())).toThrow(why[i]);
      expect(m.do({ x: 1 }).mean("y", { samples: 2_000, seed: 1 }).method).not.toContain("closed form");
    });
  });

  it("never evaluates a mechanism far from where the model goes unless every site is normal there (the e2e model that loops when x > 1)", () => {
    let wild = 0;
    const loops = scm("loops when x > 1")
      .variable("x", () => normal(0, 0.1))
      .variable("y", ({ x }) => {
        if (x > 1) wild++; // the real model loops forever here
        return bernoulli(0.3);
      });
    const a = answer(loops, { kind: "single", counterfactual: false, do: { x: 0 }, given: {}, target: "y", value: 1 }, { seed: 1 });
    const c = answer(loops, { kind: "single", counterfactual: false, do: {}, given: { x: 0 }, target: "y", value: 1 }, { seed: 1, samples: 2_000 });
    if (a.type !== "distribution" || c.type !== "distribution") throw new Error("expected rows");
    expect(a.rows[0].estimate.value).toBeCloseTo(0.3, 12);
    expect(Math.abs(c.rows[0].estimate.value - 0.3)).toBeLessThanOrEqual(Math.max(1e-9, 4 * c.rows[0].estimate.standardError));
    expect(wild).toBe(0);
  });
});
