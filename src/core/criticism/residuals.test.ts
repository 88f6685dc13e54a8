import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { normal } from "../distributions/normal";
import { CausalError } from "../errors/diagnostic";
import { expandLearned, learnedRecipe } from "../learned/learned-mechanism";
import { LINEAR_GAUSSIAN, linearGaussian } from "../learned/linear-gaussian";
import { createRng } from "../random/rng";
import type { Mechanism, ModelSpec, VariableSpec } from "../runtime/model-spec";
import { ParamStore } from "../runtime/param-store";
import { binomialRegion } from "./calibration.test-util";
import { residualChecks } from "./residuals";

/** x ~ N(0, 1) root, y = linearGaussian(features of x), as the builder would store it. */
function linearModel(features: (p: { x: number }) => Record<string, number>): ModelSpec {
  const { spec: learned, decls, mechanism } = expandLearned("y", ["x"], learnedRecipe(linearGaussian(features))!, LINEAR_GAUSSIAN);
  const y: VariableSpec = { name: "y", latent: false, parents: ["x"], mechanism: mechanism as unknown as Mechanism, vectorized: true, learned };
  return { name: "lg", variables: [{ name: "x", latent: false, parents: [], mechanism: () => normal(0, 1) }, y], params: decls };
}

/** OLS by the normal equations (independent of the code under test): coefficients and residual sd. */
function ols(X: number[][], y: ArrayLike<number>): { coef: number[]; rss: number; sd: number } {
  const p = X[0].length, A = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  X.forEach((row, i) => { for (let a = 0; a < p; a++) { for (let b = 0; b < p; b++) A[a][b] += row[a] * row[b]; A[a][p] += row[a] * y[i]; } });
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = 0; r < p; r++) if (r !== c) { const f = A[r][c] / A[c][c]; for (let j = c; j <= p; j++) A[r][j] -= f * A[c][j]; }
  }
  const coef = A.map((r, i) => r[p] / r[i]);
  const rss = X.reduce((s, row, i) => s + (y[i] - row.reduce((t, v, j) => t + v * coef[j], 0)) ** 2, 0);
  return { coef, rss, sd: Math.sqrt(rss / (X.length - p)) };
}

function simulate(seed: number, n: number, f: (x: number, e: number) => number, xs: (u: number, z: number) => number = (_u, z) => z) {
  const rng = createRng(seed), x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = xs(rng.next(), rng.normal()); y[i] = f(x[i], rng.normal()); }
  return { x, y };
}

function fitLinear(d: { x: Float64Array; y: Float64Array }, quadratic = false): ParamStore {
  const X = Array.from(d.x, (x) => (quadratic ? [1, x, x * x] : [1, x]));
  const { coef, sd } = ols(X, d.y);
  return new ParamStore({ "y.coef": Float64Array.from(coef), "y.sd": sd });
}

describe("residual checks against an independent computation", () => {
  it("RESET's F and Koenker's Breusch-Pagan n R^2 (s^2 on 1, x, x^2) equal the normal-equation regressions", () => {
    const d = simulate(1, 300, (x, e) => 1 + 0.5 * x + 0.2 * x * x + e);
    const params = fitLinear(d);
    const r = residualChecks(linearModel(({ x }) => ({ x })), d, { params }).mechanisms[0];
    const coef = params.get("y.coef") as Float64Array, sd = params.get("y.sd") as number;
    const mu = Array.from(d.x, (x) => coef[0] + coef[1] * x), s = Array.from(d.y, (y, i) => (y - mu[i]) / sd);
    const n = 300;
    const base = ols(Array.from(d.x, (x) => [1, x]), s), full = ols(mu.map((m, i) => [1, d.x[i], m * m, m ** 3]), s);
    const F = ((base.rss - full.rss) / 2) / (full.rss / (n - 4));
    const reset = r.tests.find((t) => t.test === "reset")!;
    expect(reset.statistic).toBeCloseTo(F, 8);
    expect(reset.df).toEqual([2, n - 4]);
    const s2 = s.map((v) => v * v), m2 = s2.reduce((a, b) => a + b, 0) / n;
    const tss = s2.reduce((a, v) => a + (v - m2) ** 2, 0), bp = ols(Array.from(d.x, (x) => [1, x, x * x]), s2);
    const bpTest = r.tests.find((t) => t.test === "breusch-pagan")!;
    expect(bpTest.statistic).toBeCloseTo(n * (1 - bp.rss / tss), 8);
    expect(bpTest.df).toEqual([2]);
    expect(Array.from(r.standardized.slice(0, 5))).toEqual(s.slice(0, 5).map((v) => expect.closeTo(v, 12)));
    expect(r.inputs.map((i) => i.name)).toEqual(["x"]);
  });
});

describe("residual checks find what is wrong", () => {
  it("flag a line fitted to y = x^2 on x ~ U(0, 2) (RESET and curvature in x), and pass the quadratic mechanism", () => {
    const d = simulate(2, 500, (x, e) => x * x + 0.1 * e, (u) => 2 * u);
    const linear = residualChecks(linearModel(({ x }) => ({ x })), d, { params: fitLinear(d) }).mechanisms[0];
    expect(linear.verdict).toBe("fail");
    expect(linear.tests.find((t) => t.test === "reset")!.log10P).toBeLessThan(-10);
    expect(linear.tests.find((t) => t.test === "input-curvature")!.verdict).toBe("fail");
    const quad = residualChecks(linearModel(({ x }) => ({ x, x2: x * x })), d, { params: fitLinear(d, true) }).mechanisms[0];
    expect(quad.family).toBe("linear-gaussian");
    expect(quad.tests.filter((t) => t.test !== "breusch-pagan").every((t) => t.verdict !== "fail")).toBe(true);
    // The quadratic mechanism already reads x^2: the curvature test in x has nothing to add, and says why.
    expect(quad.untested).toContain("curvature in x: its square is already a linear combination of the inputs and the fitted value (the mechanism uses it)");
  });

  it("flag noise whose scale grows with |x| with Breusch-Pagan", () => {
    const d = simulate(3, 400, (x, e) => x + (0.2 + Math.abs(x)) * e);
    const r = residualChecks(linearModel(({ x }) => ({ x })), d, { params: fitLinear(d) }).mechanisms[0];
    expect(r.tests.find((t) => t.test === "breusch-pagan")!.verdict).toBe("fail");
  });

  it("keep their false-positive rate near nominal on well-specified linear-Gaussian data (300 seeds)", () => {
    const seeds = 300, alpha = 0.05, counts = { reset: 0, "input-curvature": 0, "breusch-pagan": 0 };
    for (let s = 0; s < seeds; s++) {
      const d = simulate(100 + s, 120, (x, e) => 0.5 - 1.5 * x + 0.8 * e);
      for (const t of residualChecks(linearModel(({ x }) => ({ x })), d, { params: fitLinear(d) }).mechanisms[0].tests) if (t.p < alpha) counts[t.test]++;
    }
    const [lo, hi] = binomialRegion(seeds, alpha);
    for (const k of Object.values(counts)) { expect(k).toBeGreaterThanOrEqual(lo); expect(k).toBeLessThanOrEqual(hi); }
  });
});

describe("which mechanisms are checked", () => {
  it("checks any normal-noise mechanism through its loc and scale, and skips non-normal ones with a reason", () => {
    const spec: ModelSpec = {
      name: "mixed",
      variables: [
        { name: "x", latent: false, parents: [], mechanism: () => normal(0, 1) },
        { name: "y", latent: false, parents: ["x"], mechanism: ({ x }) => normal(2 * x, 0.5 + 0 * x) },
        { name: "b", latent: false, parents: ["x"], mechanism: ({ x }) => bernoulli(1 / (1 + Math.exp(-x))) },
      ],
    };
    const rng = createRng(8), n = 200;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const y = x.map((v) => 2 * v + 0.5 * rng.normal()), b = x.map((v) => (rng.next() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
    const r = residualChecks(spec, { x, y, b });
    expect(r.mechanisms.map((m) => [m.variable, m.family])).toEqual([["y", "normal"]]);
    expect(r.mechanisms[0].standardized[3]).toBeCloseTo((y[3] - 2 * x[3]) / 0.5, 12);
    expect(r.skipped.map((s) => s.variable)).toEqual(["x", "b"]);
    expect(r.skipped[1].reason).toMatch(/not normal .*bernoulli/);
  });

  it("says so, with no NaN, when every residual is zero", () => {
    const spec: ModelSpec = {
      name: "exact",
      variables: [
        { name: "x", latent: false, parents: [], mechanism: () => normal(0, 1) },
        { name: "y", latent: false, parents: ["x"], mechanism: ({ x }) => normal(2 * x, 1) },
      ],
    };
    const x = Float64Array.from({ length: 40 }, (_, i) => i / 7);
    const r = residualChecks(spec, { x, y: x.map((v) => 2 * v) }).mechanisms[0];
    expect(r.tests).toEqual([]);
    expect(r.untested[0]).toMatch(/each residual is zero/);
    expect(r.verdict).toBe("pass");
  });

  it("names a missing or constant column", () => {
    const d = simulate(4, 50, (x, e) => x + e);
    const err = (f: () => unknown): CausalError => { try { f(); } catch (e) { return e as CausalError; } throw new Error("no error"); };
    const m = linearModel(({ x }) => ({ x }));
    const missing = err(() => residualChecks(m, { x: d.x }));
    expect([missing.diagnostic.code, missing.message]).toEqual(["missing-column", expect.stringMatching(/"y"/)]);
    const constant = err(() => residualChecks(m, { x: new Float64Array(50).fill(1), y: d.y }));
    expect([constant.diagnostic.code, constant.message]).toEqual(["constant-column", expect.stringMatching(/column "x"/)]);
  });
});
