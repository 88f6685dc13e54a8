// fitMaximumLikelihood against answers computed here in their own way: ordinary least squares by
// the normal equations (coefficients, the MLE of the noise sd, and the classical standard errors),
// logistic regression by iteratively reweighted least squares, and a proportion by counting.
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { normal } from "../distributions/normal";
import { sigmoid } from "../distributions/sigmoid";
import { scm } from "../dsl/scm";
import { createRng } from "../random/rng";
import { fitMaximumLikelihood } from "./fit";

/** Solves the symmetric system A b = c (Gaussian elimination; A is k x k row-major). */
function solve(A: number[][], c: number[]): number[] {
  const k = c.length, M = A.map((r, i) => [...r, c[i]]);
  for (let i = 0; i < k; i++) {
    for (let r = i + 1; r < k; r++) { const f = M[r][i] / M[i][i]; for (let j = i; j <= k; j++) M[r][j] -= f * M[i][j]; }
  }
  const b = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) { let s = M[i][k]; for (let j = i + 1; j < k; j++) s -= M[i][j] * b[j]; b[i] = s / M[i][i]; }
  return b;
}
const invert = (A: number[][]) => A.map((_, j) => solve(A, A.map((__, i) => (i === j ? 1 : 0)))).map((col, j, cols) => cols.map((c) => c[j]));

describe("fitMaximumLikelihood", () => {
  const n = 4000, rng = createRng(23);
  const x1 = new Float64Array(n), x2 = new Float64Array(n), y = new Float64Array(n), t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal(); x2[i] = 0.5 * x1[i] + rng.normal();
    y[i] = 1 + 2 * x1[i] - 3 * x2[i] + 0.5 * rng.normal();
    t[i] = rng.next() < sigmoid(-0.3 + 1.2 * x1[i]) ? 1 : 0;
  }
  const m = scm("regression")
    .param("b", new Float64Array(3)).param("sd", 1, { constraint: "positive" })
    .param("a", new Float64Array(2))
    .variable("x1", () => normal(0, 1))
    .variable("x2", ({ x1 }) => normal(0.5 * x1, 1))
    .variable("y", ({ x1, x2 }, { b, sd }) => normal(b[0] + b[1] * x1 + b[2] * x2, sd))
    .variable("t", ({ x1 }, { a }) => bernoulli(sigmoid(a[0] + a[1] * x1)));
  const fit = fitMaximumLikelihood(m, { x1, x2, y, t });

  it("linear-Gaussian: the coefficients equal the normal equations' solution, the sd equals sqrt(RSS / n)", () => {
    const X = Array.from({ length: n }, (_, i) => [1, x1[i], x2[i]]);
    const XtX = [0, 1, 2].map((a) => [0, 1, 2].map((c) => X.reduce((s, r) => s + r[a] * r[c], 0)));
    const Xty = [0, 1, 2].map((a) => X.reduce((s, r, i) => s + r[a] * y[i], 0));
    const ols = solve(XtX, Xty);
    const rss = X.reduce((s, r, i) => s + (y[i] - (ols[0] * r[0] + ols[1] * r[1] + ols[2] * r[2])) ** 2, 0);
    const b = fit.params.get("b") as Float64Array;
    ols.forEach((v, j) => expect(Math.abs(b[j] - v)).toBeLessThan(1e-6));
    expect(fit.params.get("sd") as number).toBeCloseTo(Math.sqrt(rss / n), 6);
    // Classical standard errors with the MLE of sigma^2: sqrt(diag(sigma^2 (X^T X)^-1)).
    const inv = invert(XtX), s2 = rss / n, se = fit.standardErrors.b as Float64Array;
    [0, 1, 2].forEach((j) => expect(se[j] / Math.sqrt(s2 * inv[j][j])).toBeCloseTo(1, 3));
    // sd's standard error: sigma / sqrt(2 n) for the MLE of a normal scale.
    expect((fit.standardErrors.sd as number) / (Math.sqrt(s2) / Math.sqrt(2 * n))).toBeCloseTo(1, 2);
    expect(fit.converged).toBe(true);
  });

  it("logistic: the coefficients equal iteratively reweighted least squares", () => {
    let beta = [0, 0];
    for (let it = 0; it < 50; it++) {
      const H = [[0, 0], [0, 0]], g = [0, 0];
      for (let i = 0; i < n; i++) {
        const p = sigmoid(beta[0] + beta[1] * x1[i]), w = p * (1 - p), row = [1, x1[i]];
        for (let a = 0; a < 2; a++) { g[a] += (t[i] - p) * row[a]; for (let c = 0; c < 2; c++) H[a][c] += w * row[a] * row[c]; }
      }
      const step = solve(H, g);
      beta = beta.map((v, j) => v + step[j]);
      if (Math.max(...step.map(Math.abs)) < 1e-13) break;
    }
    const a = fit.params.get("a") as Float64Array;
    beta.forEach((v, j) => expect(Math.abs(a[j] - v)).toBeLessThan(1e-5));
  });

  it("the fitted model answers queries with the fitted values: E[y | do(x2 = 1)] = b0 + b1 E[x1] + b2", () => {
    const b = fit.params.get("b") as Float64Array;
    expect(fit.model.do({ x1: 0, x2: 1 }).mean("y", { samples: 2000, seed: 2 }).value).toBeCloseTo(b[0] + b[2], 1);
    expect(fit.model.params.find((p) => p.name === "sd")!.init).toBe(fit.params.get("sd"));
  });

  it("a proportion in (0, 1): the MLE is the sample mean", () => {
    const p = scm("p").param("p", 0.5, { constraint: "unit-interval" }).variable("t", (_v, { p }) => bernoulli(p));
    const r = fitMaximumLikelihood(p, { t });
    const mean = t.reduce((s, v) => s + v, 0) / n;
    expect(r.params.get("p") as number).toBeCloseTo(mean, 7);
    expect(r.standardErrors.p as number).toBeCloseTo(Math.sqrt((mean * (1 - mean)) / n), 4);
  });

  it("refuses a model without params", () => {
    expect(() => fitMaximumLikelihood(scm("none").variable("t", () => bernoulli(0.5)), { t })).toThrow(/declares no params, so there is nothing to fit/);
  });
});
