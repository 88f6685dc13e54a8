// The implied moments of linear-Gaussian models against independent answers: hand-derived numbers on a
// three-variable model, a general matrix inverse (test/support/invert) and path enumeration on a
// 20-variable random model, and the sample moments of the model's own sampler.
import { describe, expect, it } from "vitest";
import { bernoulli, normal, scm } from "../index";
import { invert } from "../../../test/support/invert";
import { randomLinearGaussian } from "./random-linear-gaussian.test-util";
import { linearGaussianMoments } from "./linear-gaussian-moments";
import { NotExactError } from "./not-exact";

describe("linear-Gaussian implied moments", () => {
  it("x ~ N(1, 1), y = 2x + N(0, 1), z = -y + 0.5x + N(3, 2^2): the moments by hand", () => {
    const m = scm("chain")
      .variable("x", () => normal(1, 1))
      .variable("y", ({ x }) => normal(2 * x, 1))
      .variable("z", ({ x, y }) => normal(3 - y + 0.5 * x, 2));
    const r = linearGaussianMoments(m.spec());
    expect(r.variables).toEqual(["x", "y", "z"]);
    [1, 2, 1.5].forEach((v, i) => expect(r.mean[i]).toBeCloseTo(v, 12));
    // z = 3 - 1.5 x - e_y + 2 e_z: var 2.25 + 1 + 4; cov(z, x) = -1.5; cov(z, y) = cov(-1.5x - e_y, 2x + e_y) = -3 - 1.
    const expected = [[1, 2, -1.5], [2, 5, -4], [-1.5, -4, 7.25]];
    expected.forEach((row, i) => row.forEach((v, j) => expect(r.covariance[i][j]).toBeCloseTo(v, 12)));
    // Total effect of x on z: x -> y -> z (2 * -1) plus x -> z (0.5).
    expect(r.totalEffect[2][0]).toBeCloseTo(-1.5, 12);
    expect(r.totalEffect[0][2]).toBe(0);
  });

  it("a 20-variable random model: the covariance equals (I - B)^-1 D^2 (I - B)^-T by a general inverse, the effects equal the sum over directed paths", () => {
    const n = 20;
    const { spec, B, b0, sd } = randomLinearGaussian(n, 15, [1, 2, 5], 0.7);
    const r = linearGaussianMoments(spec);
    const A = invert(B.map((row, i) => row.map((x, j) => (i === j ? 1 : 0) - x)));
    const mu = A.map((row) => row.reduce((t, x, j) => t + x * b0[j], 0));
    const S = A.map((ri) => A.map((rj) => ri.reduce((t, x, k) => t + x * rj[k] * sd[k] * sd[k], 0)));
    for (let i = 0; i < n; i++) {
      expect(r.mean[i]).toBeCloseTo(mu[i], 10);
      for (let j = 0; j < n; j++) expect(r.covariance[i][j]).toBeCloseTo(S[i][j], 10);
    }
    // Path tracing: the sum over directed paths j -> ... -> i of the products of their coefficients.
    const paths = (from: number, to: number): number => (from === to ? 1 : B[to].reduce((s, c, p) => (c ? s + c * paths(from, p) : s), 0));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(r.totalEffect[i][j]).toBeCloseTo(paths(j, i), 10);
  });

  it("equals the sample moments of the model's own sampler within 6 standard errors (200,000 rows)", () => {
    const m = scm("confounded")
      .latent("u", () => normal(0, 1))
      .variable("x", ({ u }) => normal(0.8 * u, 1))
      .variable("y", ({ x, u }) => normal(1 + 0.5 * x - 0.7 * u, 0.5));
    const r = linearGaussianMoments(m.spec());
    const rows = 200_000;
    const s = m.sample(rows, { seed: 3 });
    const cols = r.variables.map((v) => s[v]);
    const avg = cols.map((c) => c.reduce((a, b) => a + b, 0) / rows);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(avg[i] - r.mean[i])).toBeLessThan(6 * Math.sqrt(r.covariance[i][i] / rows));
      for (let j = 0; j <= i; j++) {
        let c = 0;
        for (let k = 0; k < rows; k++) c += (cols[i][k] - avg[i]) * (cols[j][k] - avg[j]);
        c /= rows - 1;
        // Var of a sample covariance of jointly normal variables: (s_ii s_jj + s_ij^2) / n.
        const se = Math.sqrt((r.covariance[i][i] * r.covariance[j][j] + r.covariance[i][j] ** 2) / rows);
        expect(Math.abs(c - r.covariance[i][j])).toBeLessThan(6 * se);
      }
    }
  });

  it("refuses a model that is not linear-Gaussian, naming the mechanism", () => {
    const m = scm("mixed").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => normal(x, 1));
    expect(() => linearGaussianMoments(m.spec())).toThrow(NotExactError);
    expect(() => linearGaussianMoments(m.spec())).toThrow(/"x" is not linear-Gaussian/);
  });
});
