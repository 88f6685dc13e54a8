// logLikelihood against closed forms computed here, by hand: Gaussian and Bernoulli mechanisms
// on 10^5 rows, row-by-row and vectorized mechanisms, params from a store, and bad columns.
import { describe, expect, it } from "vitest";
import { bernoulli, bernoulliColumns } from "../distributions/bernoulli";
import { normal, normalColumns } from "../distributions/normal";
import { sigmoid } from "../distributions/sigmoid";
import { scm } from "../dsl/scm";
import { createRng } from "../random/rng";
import { ParamStore } from "../runtime/param-store";
import { logLikelihood } from "./log-likelihood";

const N = 100_000;
const LOG_2PI = Math.log(2 * Math.PI);
const gaussLp = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;

function gaussianData(n: number, seed: number) {
  const rng = createRng(seed), x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = 1 + 2 * rng.normal(); y[i] = 0.5 + 2 * x[i] + 0.7 * rng.normal(); }
  return { x, y };
}

describe("logLikelihood: Gaussian mechanisms on 10^5 rows", () => {
  const { x, y } = gaussianData(N, 11);
  let lx = 0, ly = 0;
  for (let i = 0; i < N; i++) { lx += gaussLp(x[i], 1, 2); ly += gaussLp(y[i], 0.5 + 2 * x[i], 0.7); }
  const rows = scm("rows").variable("x", () => normal(1, 2)).variable("y", ({ x }) => normal(0.5 + 2 * x, 0.7));
  const vec = scm("vectorized")
    .variable("x", () => normal(1, 2))
    .variable("y", ({ x }) => normalColumns(x.map((v) => 0.5 + 2 * v), 0.7), { vectorized: true });

  it.each([["row by row", rows], ["vectorized", vec]] as const)("%s: equals the closed form, per mechanism and in total", (_label, m) => {
    const ll = logLikelihood(m, { x, y });
    expect(ll.rows).toBe(N);
    expect(ll.perMechanism.x.total).toBeCloseTo(lx, 6);
    expect(ll.perMechanism.y.total).toBeCloseTo(ly, 6);
    expect(ll.total).toBeCloseTo(lx + ly, 6);
    for (const i of [0, 1, 4242, N - 1]) {
      expect(ll.perRow[i]).toBeCloseTo(gaussLp(x[i], 1, 2) + gaussLp(y[i], 0.5 + 2 * x[i], 0.7), 10);
      expect(ll.perMechanism.y.perRow[i]).toBeCloseTo(gaussLp(y[i], 0.5 + 2 * x[i], 0.7), 10);
    }
  });

  it("batches do not change the answer", () => {
    const a = logLikelihood(rows, { x, y }), b = logLikelihood(rows, { x, y }, { batchSize: 777 });
    expect(b.total).toBeCloseTo(a.total, 6);
    expect(Array.from(b.perRow.subarray(770, 790))).toEqual(Array.from(a.perRow.subarray(770, 790)));
  });

  it("a param read from a store: the log-likelihood over the slope peaks at the least-squares slope", () => {
    const m = scm("slope").param("slope", 1).variable("x", () => normal(1, 2)).variable("y", ({ x }, { slope }) => normal(0.5 + slope * x, 0.7));
    // The closed-form maximiser with the intercept fixed at 0.5: slope = sum x (y - 0.5) / sum x^2.
    let sxy = 0, sxx = 0;
    for (let i = 0; i < N; i++) { sxy += x[i] * (y[i] - 0.5); sxx += x[i] * x[i]; }
    const ols = sxy / sxx;
    const at = (s: number) => logLikelihood(m, { x, y }, { params: new ParamStore({ slope: s }) }).perMechanism.y.total;
    expect(logLikelihood(m, { x, y }).perMechanism.y.total).toBeCloseTo(at(1), 9); // no store: the initial value
    const step = 0.002, grid = Array.from({ length: 41 }, (_, k) => ols - 20 * step + k * step);
    const best = grid.reduce((a, b) => (at(b) > at(a) ? b : a));
    expect(Math.abs(best - ols)).toBeLessThanOrEqual(step / 2 + 1e-12);
    // Quadratic in the slope, so the curvature is exact: at(ols + d) = at(ols) - d^2 sum x^2 / (2 sigma^2).
    expect(at(ols + 0.01)).toBeCloseTo(at(ols) - (0.01 ** 2 * sxx) / (2 * 0.49), 4);
  });
});

describe("logLikelihood: Bernoulli mechanisms on 10^5 rows", () => {
  const rng = createRng(5), a = new Float64Array(N), b = new Float64Array(N);
  for (let i = 0; i < N; i++) { a[i] = rng.next() < 0.3 ? 1 : 0; b[i] = rng.next() < sigmoid(a[i] ? 1.2 : -0.4) ? 1 : 0; }
  // Closed form from the four counts.
  const count = (va: number, vb: number) => { let c = 0; for (let i = 0; i < N; i++) if (a[i] === va && b[i] === vb) c++; return c; };
  const n11 = count(1, 1), n10 = count(1, 0), n01 = count(0, 1), n00 = count(0, 0);
  const pa = 0.3, p1 = sigmoid(1.2), p0 = sigmoid(-0.4);
  const la = (n11 + n10) * Math.log(pa) + (n01 + n00) * Math.log(1 - pa);
  const lb = n11 * Math.log(p1) + n10 * Math.log(1 - p1) + n01 * Math.log(p0) + n00 * Math.log(1 - p0);
  const rows = scm("rows").variable("a", () => bernoulli(0.3)).variable("b", ({ a }) => bernoulli(sigmoid(a ? 1.2 : -0.4)));
  const vec = scm("vec").variable("a", () => bernoulli(0.3)).variable("b", ({ a }) => bernoulliColumns(a.map((v) => sigmoid(v ? 1.2 : -0.4))), { vectorized: true });

  it.each([["row by row", rows], ["vectorized", vec]] as const)("%s: equals the count formula", (_label, m) => {
    const ll = logLikelihood(m, { a, b });
    expect(ll.perMechanism.a.total).toBeCloseTo(la, 6);
    expect(ll.perMechanism.b.total).toBeCloseTo(lb, 6);
  });

  it("a value outside the support makes its row impossible (-Infinity), and only that row", () => {
    const b2 = Float64Array.from(b); b2[3] = 2;
    const ll = logLikelihood(rows, { a, b: b2 });
    expect(ll.perRow[3]).toBe(-Infinity);
    expect(Number.isFinite(ll.perRow[4])).toBe(true);
    expect(ll.total).toBe(-Infinity);
  });
});

describe("logLikelihood: bad data gets a message naming the column and row", () => {
  const m = scm("m").latent("u", () => normal(0, 1)).variable("x", ({ u }) => normal(u, 1));
  it("a variable without a column (latent ones included)", () => {
    expect(() => logLikelihood(m, { x: [1, 2] })).toThrow(/latent variable "u" has none \(columns given: x\)/);
  });
  it("columns of different lengths", () => {
    expect(() => logLikelihood(m, { u: [0, 1, 2], x: [1, 2] })).toThrow(/column "x" has 2 rows but column "u" has 3/);
  });
  it("a NaN cell, with its 1-based row", () => {
    expect(() => logLikelihood(m, { u: [0, 1, 2], x: [1, NaN, 3] })).toThrow(/column "x", row 2: NaN is not a finite number/);
  });
});
