import { describe, expect, it } from "vitest";
import { normal, normalColumns } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { CausalError } from "../errors/diagnostic";
import { createRng, type Rng } from "../random/rng";
import type { Mechanism, ModelSpec } from "../runtime/model-spec";
import { ParamStore } from "../runtime/param-store";
import { binomialRegion } from "./calibration.test-util";
import { posteriorPredictiveDiagnosis } from "./diagnosis-rows";
import { projectedPairs } from "./discrepancy-statistics";
import { heldOutSplit, marginalLogLikelihood, rankSumZ } from "./held-out-likelihood";
import { posteriorPredictive } from "./posterior-predictive";

function thrown(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError");
}

const A = 1, B = 0.8, S1 = 0.6, S2 = 0.5;

/** z latent ~ N(0, 1), x = a z + N(0, s1^2), y = b z + N(0, s2^2): a one-factor model. */
const factor = scm("factor")
  .param("a", A).param("b", B).param("s1", S1, { constraint: "positive" }).param("s2", S2, { constraint: "positive" })
  .latent("z", () => normal(0, 1))
  .variable("x", ({ z }, { a, s1 }) => normalColumns(z.map((v) => a * v), s1), { vectorized: true })
  .variable("y", ({ z }, { b, s2 }) => normalColumns(z.map((v) => b * v), s2), { vectorized: true });

/** Rows from the factor model, with x's noise and y's relation to z replaceable. */
function factorData(rng: Rng, n: number, noiseX: (r: Rng) => number = (r) => S1 * r.normal(), yOf: (z: number, r: Rng) => number = (z, r) => B * z + S2 * r.normal()) {
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { const z = rng.normal(); x[i] = A * z + noiseX(rng); y[i] = yOf(z, rng); }
  return { x, y };
}

/** The bivariate normal log density of (x, y) with covariance [[a^2 + s1^2, ab], [ab, b^2 + s2^2]] (closed form). */
function closedForm(x: number, y: number, a = A, b = B, s1 = S1, s2 = S2): number {
  const sxx = a * a + s1 * s1, syy = b * b + s2 * s2, sxy = a * b, det = sxx * syy - sxy * sxy;
  const q = (syy * x * x - 2 * sxy * x * y + sxx * y * y) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
}

describe("posterior predictive: the importance-sampled marginal likelihood", () => {
  it("equals the closed-form bivariate normal density of the one-factor model within Monte Carlo error", () => {
    const d = factorData(createRng(1), 60);
    const K = 4000;
    const ll = marginalLogLikelihood(factor.spec(), new Map([["x", d.x], ["y", d.y]]), { importanceSamples: K, seed: 2 });
    expect(ll.method).toBe("importance sampling");
    expect(ll.marginalised).toEqual(["z"]);
    let sumDiff = 0, sumVar = 0;
    for (let i = 0; i < 60; i++) {
      // SE of log p-hat: sqrt(cv^2 / K) with cv^2 = K / ESS - 1 (the weights' squared coefficient of variation).
      const se = Math.sqrt((K / ll.effectiveSamples![i] - 1) / K);
      const diff = ll.perRow[i] - closedForm(d.x[i], d.y[i]);
      expect(Math.abs(diff)).toBeLessThan(5 * se + 1e-9);
      sumDiff += diff; sumVar += se * se;
    }
    expect(Math.abs(sumDiff)).toBeLessThan(4 * Math.sqrt(sumVar) + 60 * 0.5 * sumVar / 60);
  });

  it("is the exact log-likelihood when every variable has a column", () => {
    const m = scm("xy").variable("x", () => normal(1, 2)).variable("y", ({ x }) => normal(0.5 * x, 1));
    const x = Float64Array.from([0.3, -1, 2.5]), y = Float64Array.from([1, 0, -0.4]);
    const ll = marginalLogLikelihood(m.spec(), new Map([["x", x], ["y", y]]));
    expect(ll.method).toBe("exact");
    const ln = (v: number, mu: number, s: number) => -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * ((v - mu) / s) ** 2;
    ll.perRow.forEach((v, i) => expect(v).toBeCloseTo(ln(x[i], 1, 2) + ln(y[i], 0.5 * x[i], 1), 12));
  });
});

describe("posterior predictive: discrepancy statistics", () => {
  it("tests the pairs of the latent projection: x and y share the latent z", () => {
    const spec = factor.spec();
    expect(projectedPairs(spec, new Set(["x", "y"]))).toEqual([["x", "y"]]);
    const chain = scm("c").variable("a", () => normal(0, 1)).latent("u", ({ a }) => normal(a, 1)).variable("b", ({ u }) => normal(u, 1)).variable("c", ({ b }) => normal(b, 1)).variable("d", () => normal(0, 1));
    expect(projectedPairs(chain.spec(), new Set(["a", "b", "c", "d"]))).toEqual([["a", "b"], ["b", "c"]]);
  });

  it("computes each statistic on the data as a direct computation does, and the Monte Carlo p-value from the replicates", () => {
    const d = factorData(createRng(3), 200);
    const r = posteriorPredictive(factor, d, { samples: 99, seed: 4, heldOutFraction: 0 });
    expect(r.latent).toEqual(["z"]);
    expect(r.tests.map((t) => t.label)).toEqual(["mean(x)", "variance(x)", "skewness(x)", "kurtosis(x)", "mean(y)", "variance(y)", "skewness(y)", "kurtosis(y)", "corr(x, y)"]);
    const n = 200, mx = d.x.reduce((a, b) => a + b, 0) / n, my = d.y.reduce((a, b) => a + b, 0) / n;
    const c = (k: number, xs: Float64Array, m: number) => xs.reduce((a, v) => a + (v - m) ** k, 0) / n;
    const at = (label: string) => r.tests.find((t) => t.label === label)!;
    expect(at("mean(x)").observed).toBeCloseTo(mx, 12);
    expect(at("variance(x)").observed).toBeCloseTo(c(2, d.x, mx) * n / (n - 1), 12);
    expect(at("skewness(x)").observed).toBeCloseTo(c(3, d.x, mx) / c(2, d.x, mx) ** 1.5, 12);
    expect(at("kurtosis(x)").observed).toBeCloseTo(c(4, d.x, mx) / c(2, d.x, mx) ** 2 - 3, 12);
    const cxy = d.x.reduce((a, v, i) => a + (v - mx) * (d.y[i] - my), 0) / n;
    expect(at("corr(x, y)").observed).toBeCloseTo(cxy / Math.sqrt(c(2, d.x, mx) * c(2, d.y, my)), 12);
    for (const t of r.tests) {
      expect(t.replicated).toHaveLength(99);
      const above = t.replicated.filter((v) => v >= t.observed).length, below = t.replicated.filter((v) => v <= t.observed).length;
      const rank = Math.min(1, (2 * Math.min(1 + above, 1 + below)) / 100);
      if (above > 0 && below > 0) { expect(t.pMethod).toBe("monte-carlo"); expect(t.p).toBeCloseTo(rank, 12); }
      else expect(t.p).toBeLessThanOrEqual(rank);
    }
    // The replicates' reference distribution of the correlation centres on the model's a b / sqrt((a^2 + s1^2)(b^2 + s2^2)).
    const rho = (A * B) / Math.sqrt((A * A + S1 * S1) * (B * B + S2 * S2));
    expect(Math.abs(at("corr(x, y)").replicatedMean - rho)).toBeLessThan(4 * at("corr(x, y)").replicatedSD / Math.sqrt(99) + 0.01);
    expect(posteriorPredictive(factor, { x: d.x.slice(0, 30), y: d.y.slice(0, 30) }, { heldOutFraction: 0 }).replicates).toBe(200);
  });

  it("is calibrated on a well-specified latent model: p-values roughly uniform, false-positive rate near alpha over 300 seeds", () => {
    const alpha = 0.05, seeds = 300, R = 199;
    const reject = new Array<number>(9).fill(0), half = new Array<number>(9).fill(0);
    let familyWise = 0;
    for (let s = 0; s < seeds; s++) {
      const r = posteriorPredictive(factor, factorData(createRng(100 + s), 100), { samples: R, seed: 9000 + s, heldOutFraction: 0, alpha });
      r.tests.forEach((t, j) => { if (t.p <= alpha) reject[j]++; if (t.p <= 0.5) half[j]++; });
      if (r.tests.some((t) => t.log10PAdjusted < Math.log10(alpha))) familyWise++;
    }
    const [lo, hi] = binomialRegion(seeds, alpha), [lh, hh] = binomialRegion(seeds, 0.5);
    const rate = reject.reduce((a, b) => a + b, 0) / (9 * seeds), rateHalf = half.reduce((a, b) => a + b, 0) / (9 * seeds);
    console.log(`posterior predictive: false-positive rate ${rate.toFixed(4)} at alpha ${alpha} (per statistic ${reject.join(", ")} of ${seeds}); P(p <= 0.5) = ${rateHalf.toFixed(3)}; family-wise (Holm) ${familyWise}/${seeds}`);
    for (let j = 0; j < 9; j++) {
      expect(reject[j]).toBeGreaterThanOrEqual(lo); expect(reject[j]).toBeLessThanOrEqual(hi);
      expect(half[j]).toBeGreaterThanOrEqual(lh); expect(half[j]).toBeLessThanOrEqual(hh);
    }
    expect(familyWise).toBeLessThanOrEqual(hi);
  });

  it("keeps the family-wise (Holm) rate at most alpha with the default R = 200 (beyond the replicates, the normal extrapolation) over 200 seeds", () => {
    const alpha = 0.05, seeds = 200;
    let familyWise = 0, raw = 0;
    for (let s = 0; s < seeds; s++) {
      const r = posteriorPredictive(factor, factorData(createRng(7000 + s), 100), { seed: 3000 + s, heldOutFraction: 0, alpha });
      expect(r.replicates).toBe(200);
      if (r.verdict === "fail") familyWise++;
      raw += r.tests.filter((t) => t.p <= alpha).length;
    }
    const [, hi] = binomialRegion(seeds, alpha);
    console.log(`posterior predictive, R = 200: family-wise (Holm) rate ${familyWise}/${seeds}; per-statistic rate ${(raw / (9 * seeds)).toFixed(4)}`);
    expect(familyWise).toBeLessThanOrEqual(hi);
  });

  it("flags heavy-tailed noise through the kurtosis of x (same variance, Student t with 3 df)", () => {
    // t3 scaled to variance S1^2: sd of t3 is sqrt(3).
    const t3 = (r: Rng) => { const z = r.normal(); let c = 0; for (let k = 0; k < 3; k++) c += r.normal() ** 2; return (S1 / Math.sqrt(3)) * z / Math.sqrt(c / 3); };
    const r = posteriorPredictive(factor, factorData(createRng(21), 500, t3), { seed: 5, heldOutFraction: 0 });
    const k = r.tests.find((t) => t.label === "kurtosis(x)")!;
    expect(k.verdict).toBe("fail");
    expect(k.above).toBe(0);
    expect(k.text).toMatch(/beyond all 200 replicates/);
    expect(k.pMethod).toBe("normal extrapolation");
    expect(k.log10P).toBeCloseTo(k.log10PNormal, 12);
    expect(k.log10P).toBeLessThan(-5);
    for (const label of ["mean(x)", "mean(y)", "kurtosis(y)", "skewness(y)"]) expect(r.tests.find((t) => t.label === label)!.verdict).not.toBe("fail");
    expect(r.verdict).toBe("fail");
  });

  it("flags a nonlinear relation (y = b z + c (z^2 - 1)) through the skewness of y, with the linear model's moments matched", () => {
    const c = 0.5, rng = createRng(22);
    const d = factorData(rng, 500, undefined, (z, r) => B * z + c * (z * z - 1) + S2 * r.normal());
    // The linear model with the same means, variances and covariance: Var(y) = b^2 + 2c^2 + s2^2.
    const params = new ParamStore({ s2: Math.sqrt(2 * c * c + S2 * S2) });
    const r = posteriorPredictive(factor, d, { seed: 6, heldOutFraction: 0, params });
    expect(r.tests.find((t) => t.label === "skewness(y)")!.verdict).toBe("fail");
    for (const label of ["mean(x)", "mean(y)", "variance(x)", "skewness(x)"]) expect(r.tests.find((t) => t.label === label)!.verdict).not.toBe("fail");
  });
});

/** y = sum_j c_j x^j + N(0, s^2) on x ~ N(0, 1), with a polynomial of the given degree (c, s params). */
function polynomialModel(degree: number) {
  return scm(`poly${degree}`)
    .param("c", new Float64Array(degree + 1)).param("s", 1, { constraint: "positive" })
    .variable("x", () => normal(0, 1))
    .variable("y", ({ x }, { c, s }) => normalColumns(x.map((v) => { let t = 0; for (let j = c.length - 1; j >= 0; j--) t = t * v + c[j]; return t; }), s), { vectorized: true });
}

/** The ML fit (OLS coefficients, residual sd / n) of y on [1, x, ..., x^degree] over the rows `idx`. */
function olsFit(x: Float64Array, y: Float64Array, idx: Int32Array, degree: number): ParamStore {
  const p = degree + 1, A = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (const i of idx) {
    const f = Array.from({ length: p }, (_, j) => x[i] ** j);
    for (let a = 0; a < p; a++) { for (let b = 0; b < p; b++) A[a][b] += f[a] * f[b]; A[a][p] += f[a] * y[i]; }
  }
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    for (let r = 0; r < p; r++) if (r !== col) { const f = A[r][col] / A[col][col]; for (let j = col; j <= p; j++) A[r][j] -= f * A[col][j]; }
  }
  const coef = A.map((r, i) => r[p] / r[i]);
  let rss = 0;
  for (const i of idx) { let t = 0; for (let j = p - 1; j >= 0; j--) t = t * x[i] + coef[j]; rss += (y[i] - t) ** 2; }
  return new ParamStore({ c: Float64Array.from(coef), s: Math.sqrt(rss / idx.length) });
}

/** y = c0 + sum_j c_{j+1} x_j + N(0, s^2) over d inputs x_j ~ N(0, 1), as a ModelSpec (c, s params). */
function wideModel(d: number): ModelSpec {
  const names = Array.from({ length: d }, (_, j) => `x${j}`);
  const y = (cols: Record<string, Float64Array>, p: Record<string, unknown>) => {
    const c = p.c as Float64Array, n = cols[names[0]].length, mu = new Float64Array(n).fill(c[0]);
    names.forEach((nm, j) => { const col = cols[nm]; for (let i = 0; i < n; i++) mu[i] += c[j + 1] * col[i]; });
    return normalColumns(mu, p.s as number);
  };
  return {
    name: "wide",
    variables: [...names.map((nm) => ({ name: nm, latent: false, parents: [], mechanism: () => normal(0, 1) })), { name: "y", latent: false, parents: names, mechanism: y as unknown as Mechanism, vectorized: true }],
    params: [{ name: "c", init: new Float64Array(d + 1) }, { name: "s", init: 1 }],
  };
}

/** Gauss-Jordan with partial pivoting on the augmented normal equations. */
function solve(A: number[][], p: number): number[] {
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    for (let r = 0; r < p; r++) if (r !== col) { const f = A[r][col] / A[col][col]; for (let j = col; j <= p; j++) A[r][j] -= f * A[col][j]; }
  }
  return A.map((r, i) => r[p] / r[i]);
}

/** The ML fit of wideModel(d) on the rows `idx`: OLS coefficients, residual sd with divisor n. */
function fitWide(data: Record<string, Float64Array>, d: number, idx: Int32Array): ParamStore {
  const p = d + 1, A = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  const row = (i: number) => [1, ...Array.from({ length: d }, (_, j) => data[`x${j}`][i])];
  for (const i of idx) { const f = row(i); for (let a = 0; a < p; a++) { for (let b = 0; b < p; b++) A[a][b] += f[a] * f[b]; A[a][p] += f[a] * data.y[i]; } }
  const c = solve(A, p);
  let rss = 0;
  for (const i of idx) { const f = row(i); rss += (data.y[i] - f.reduce((s, v, j) => s + v * c[j], 0)) ** 2; }
  return new ParamStore({ c: Float64Array.from(c), s: Math.sqrt(rss / idx.length) });
}

describe("posterior predictive: held-out log-likelihood", () => {
  function lineData(rng: Rng, n: number) {
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { x[i] = rng.normal(); y[i] = 1 + 2 * x[i] + rng.normal(); }
    return { x, y };
  }

  it("passes a correct model refitted on the in-sample rows (the k / n optimism allowed for): false-positive rate near alpha over 300 seeds", () => {
    const alpha = 0.05, seeds = 300, m = polynomialModel(1);
    let fails = 0, sumZ = 0;
    for (let s = 0; s < seeds; s++) {
      const d = lineData(createRng(500 + s), 200);
      const r = posteriorPredictive(m, d, { seed: s, statistics: [], fit: (idx) => olsFit(d.x, d.y, idx, 1), alpha });
      const h = r.heldOut!;
      expect(h.method).toBe("exact");
      expect(h.parameters).toBe(3);
      if (h.verdict === "fail") fails++;
      sumZ += h.z;
    }
    const [, hi] = binomialRegion(seeds, alpha);
    console.log(`held-out log-likelihood: false-positive rate ${(fails / seeds).toFixed(4)} at alpha ${alpha} (${fails}/${seeds}); mean z ${(sumZ / seeds).toFixed(3)}`);
    expect(fails).toBeLessThanOrEqual(hi);
  });

  it("flags an overfitted regression (45 mostly irrelevant inputs fitted on 60 in-sample rows): held out far worse than k / n allows", () => {
    const d = 45, n = 120, rng = createRng(1), data: Record<string, Float64Array> = {};
    for (let j = 0; j < d; j++) data[`x${j}`] = Float64Array.from({ length: n }, () => rng.normal());
    data.y = Float64Array.from({ length: n }, (_, i) => 1 + data.x0[i] + rng.normal());
    const r = posteriorPredictive(wideModel(d), data, { seed: 1, heldOutFraction: 0.5, statistics: [], fit: (idx) => fitWide(data, d, idx) });
    const h = r.heldOut!;
    expect(h.inSampleRows).toBe(60);
    expect(h.refit).toBe(true);
    expect(h.optimism).toBeCloseTo(47 / 60, 12);
    expect(h.verdict).toBe("fail");
    expect(h.log10P).toBeLessThan(-3);
    expect(h.text).toMatch(/refitted on the in-sample rows/);
    // Independently: the split (seed + 1), the fit on its in-sample rows, and each row's normal log density by hand.
    const split = heldOutSplit(n, 0.5, 2), fitted = fitWide(data, d, split.inSample);
    const c = fitted.get("c") as Float64Array, s = fitted.get("s") as number;
    const lp = (i: number) => { let mu = c[0]; for (let j = 0; j < d; j++) mu += c[j + 1] * data[`x${j}`][i]; return -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * ((data.y[i] - mu) / s) ** 2 - d * 0.5 * Math.log(2 * Math.PI) - 0.5 * Array.from({ length: d }, (_, j) => data[`x${j}`][i] ** 2).reduce((a, b) => a + b, 0); };
    const mean = (idx: Int32Array) => Array.from(idx, lp).reduce((a, b) => a + b, 0) / idx.length;
    expect(h.inSample).toBeCloseTo(mean(split.inSample), 9);
    expect(h.heldOut).toBeCloseTo(mean(split.heldOut), 9);
    const worst = Array.from(split.heldOut).reduce((w, i) => (lp(i) < lp(w) ? i : w));
    expect(h.worstHeldOut.row).toBe(worst + 1);
    // The same data under the one-input model (x0 only) pass.
    expect(posteriorPredictive(wideModel(1), data, { seed: 1, heldOutFraction: 0.5, statistics: [], fit: (idx) => fitWide(data, 1, idx) }).heldOut!.verdict).toBe("pass");
  });

  it("scores the latent model's rows by importance sampling and reports the parts' means as the per-row marginal densities average", () => {
    const d = factorData(createRng(41), 120);
    const r = posteriorPredictive(factor, d, { seed: 2, statistics: [], importanceSamples: 512 });
    const h = r.heldOut!;
    expect(h.method).toBe("importance sampling");
    expect(h.marginalised).toEqual(["z"]);
    expect(h.inSampleRows + h.heldOutRows).toBe(120);
    expect(h.heldOutRows).toBe(30);
    const all = Array.from(d.x, (x, i) => closedForm(x, d.y[i]));
    const meanAll = all.reduce((a, b) => a + b, 0) / 120;
    expect(Math.abs((h.inSample * 90 + h.heldOut * 30) / 120 - meanAll)).toBeLessThan(0.02);
    expect(h.verdict).toBe("pass");
    expect(r.notes.some((n) => /no `fit`/.test(n))).toBe(true);
  });
});

describe("posterior predictive: the rank-sum statistic", () => {
  it("equals U from counting pairs, standardised with the tie-corrected variance", () => {
    const a = [3, 1, 4, 1, 5, 9, 2, 6], b = [2, 7, 1, 8, 2, 8];
    let U = 0;
    for (const x of a) for (const y of b) U += x > y ? 1 : x === y ? 0.5 : 0;
    const na = a.length, nb = b.length, N = na + nb;
    const counts = new Map<number, number>();
    for (const v of [...a, ...b]) counts.set(v, (counts.get(v) ?? 0) + 1);
    const ties = [...counts.values()].reduce((t, c) => t + c ** 3 - c, 0);
    const variance = (na * nb / 12) * (N + 1 - ties / (N * (N - 1)));
    expect(rankSumZ(a, b)).toBeCloseTo((U - na * nb / 2) / Math.sqrt(variance), 12);
  });
});

describe("posterior predictive: large data", () => {
  it("checks a seeded subsample of maxRows rows and hands fit indices into the whole data", () => {
    const d = factorData(createRng(51), 12000);
    let seen: Int32Array | undefined;
    const r = posteriorPredictive(factor, d, { samples: 20, seed: 3, importanceSamples: 16, fit: (idx) => { seen = idx; return new ParamStore({}); } });
    expect(r.rows).toBe(5000);
    expect(r.dataRows).toBe(12000);
    expect(r.notes[0]).toMatch(/12000 rows; the predictive checks use a seeded subsample of 5000/);
    expect(seen!.length).toBe(r.heldOut!.inSampleRows);
    expect(Math.max(...seen!)).toBeGreaterThan(5000);
    expect(Math.max(...seen!)).toBeLessThan(12000);
    expect(r.heldOut!.inSampleRows + r.heldOut!.heldOutRows).toBe(5000);
  });
});

describe("posterior predictive: bad input", () => {
  it("names the data's columns when no variable of the model has one", () => {
    const e = thrown(() => posteriorPredictive(factor, { q: [1, 2, 3] }));
    expect(e.diagnostic.message).toMatch(/no variable of model "factor" has a column in the data \(the data has: q\)/);
  });
  it("refuses an unknown statistic and a held-out fraction outside [0, 1)", () => {
    const d = factorData(createRng(1), 20);
    expect(thrown(() => posteriorPredictive(factor, d, { statistics: ["median" as never] })).diagnostic.message).toMatch(/unknown discrepancy statistic "median"/);
    expect(thrown(() => posteriorPredictive(factor, d, { heldOutFraction: 1, statistics: [] })).diagnostic.message).toMatch(/heldOutFraction must be in \[0, 1\)/);
  });
  it("skips a constant column's statistics, saying why", () => {
    const d = factorData(createRng(2), 30);
    const r = posteriorPredictive(factor, { x: d.x, y: new Float64Array(30).fill(1) }, { samples: 19, heldOutFraction: 0 });
    expect(r.skipped[0].variable).toBe("y");
    expect(r.skipped[0].reason).toMatch(/column "y" is constant/);
    expect(r.tests.every((t) => t.variable === "x" && !t.other)).toBe(true);
  });
});

describe("posterior predictive as report rows", () => {
  it("maps each statistic to a DiagnoseCheck and a plot, and the held-out comparison to one model-level row, that the report schema accepts", async () => {
    const { DiagnosisReportSchema } = await import("../io/diagnose-schema");
    const r = posteriorPredictive(factor, factorData(createRng(61), 200), { samples: 50, seed: 1, importanceSamples: 32 });
    const { checks, plots, skipped } = posteriorPredictiveDiagnosis(r);
    expect(checks).toHaveLength(r.tests.length + 1);
    expect(plots).toHaveLength(r.tests.length);
    const corr = checks.find((c) => c.statisticName === "corr")!;
    expect([corr.variable, corr.input]).toEqual(["x", "y"]);
    const h = checks[checks.length - 1];
    expect(h.kind).toBe("held-out-likelihood");
    expect(h.effect!.estimate).toBeCloseTo(-r.heldOut!.difference, 12);
    expect(new Set(plots.map((p) => p.id)).size).toBe(plots.length);
    const report = {
      file: "m.causal.ts", model: "factor", data: { file: "d.csv", rows: 200 }, alpha: 0.05, environment: null, interventions: null, params: { source: "none" },
      verdict: r.verdict, counts: { pass: 0, warn: 0, fail: 0 }, checks, skipped, cannotSee: [], variables: [], edges: [], violated: [], plots, timings: {},
    };
    expect(DiagnosisReportSchema.safeParse(report).success).toBe(true);
  });
});
