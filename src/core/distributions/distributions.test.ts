import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { createRng } from "../random/rng";
import { bernoulli } from "./bernoulli";
import { beta } from "./beta";
import { categorical } from "./categorical";
import { delta } from "./delta";
import type { Distribution } from "./distribution";
import { gamma } from "./gamma";
import { logNormal } from "./log-normal";
import { normal } from "./normal";
import { poisson } from "./poisson";
import { uniform } from "./uniform";

function invalid(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError");
}

describe("parameter validation", () => {
  it.each([
    ["bernoulli p > 1", () => bernoulli(1.2), "p = 1.2"],
    ["bernoulli NaN", () => bernoulli(NaN), "p = NaN"],
    ["normal negative sigma", () => normal(0, -1), "sigma = -1"],
    ["normal zero sigma", () => normal(0, 0), "sigma = 0"],
    ["normal NaN mean", () => normal(NaN, 1), "mu = NaN"],
    ["logNormal sigma", () => logNormal(0, -2), "sigma = -2"],
    ["uniform b <= a", () => uniform(2, 1), "b = 1"],
    ["beta a", () => beta(0, 1), "a = 0"],
    ["gamma rate", () => gamma(1, -1), "rate = -1"],
    ["poisson rate", () => poisson(-0.5), "rate = -0.5"],
    ["categorical sum", () => categorical([0.5, 0.6]), "sum to 1.1"],
    ["categorical negative", () => categorical([-0.1, 1.1]), "probs[0] = -0.1"],
    ["delta NaN", () => delta(NaN), "value = NaN"],
  ])("%s is an invalid-parameter error naming the parameter and value", (_label, make, text) => {
    const e = invalid(make);
    expect(e.diagnostic.code).toBe("invalid-parameter");
    expect(e.message).toContain(text);
  });
});

/** Numerical integral of exp(logProb) by the midpoint rule. */
function integrate(d: Distribution, lo: number, hi: number, n = 200_000): number {
  const h = (hi - lo) / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(d.logProb(lo + (i + 0.5) * h));
  return s * h;
}

describe("densities normalise and match their closed-form means", () => {
  it.each([
    ["normal(1, 2)", normal(1, 2), -20, 22, 1],
    ["logNormal(0, 0.5)", logNormal(0, 0.5), 1e-9, 30, Math.exp(0.125)],
    ["uniform(-1, 3)", uniform(-1, 3), -1, 3, 1],
    ["beta(2, 5)", beta(2, 5), 0, 1, 2 / 7],
    ["gamma(3, 2)", gamma(3, 2), 0, 40, 1.5],
  ] as const)("%s", (_label, d, lo, hi, mean) => {
    expect(integrate(d, lo, hi)).toBeCloseTo(1, 4);
    const rng = createRng(5), n = 100_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const x = d.sample(rng); s += x; s2 += x * x; }
    const m = s / n, sd = Math.sqrt(s2 / n - m * m);
    expect(Math.abs(m - mean)).toBeLessThan(4 * sd / Math.sqrt(n));
  });

  it("discrete masses sum to 1 and sample at their probabilities", () => {
    const p = poisson(3.5);
    let total = 0;
    for (let k = 0; k < 60; k++) total += Math.exp(p.logProb(k));
    expect(total).toBeCloseTo(1, 12);
    const c = categorical([0.2, 0.5, 0.3]), rng = createRng(9), n = 100_000, counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[c.sample(rng)]++;
    c.probs.forEach((q, j) => expect(Math.abs(counts[j] / n - q)).toBeLessThan(4 * Math.sqrt(q * (1 - q) / n)));
    expect(Math.exp(bernoulli(0.3).logProb(1))).toBeCloseTo(0.3, 15);
    expect(delta(4).logProb(4)).toBe(0);
    expect(delta(4).logProb(3)).toBe(-Infinity);
  });
});

describe("noise semantics", () => {
  it.each([
    ["normal", normal(2, 3), 4.5],
    ["logNormal", logNormal(0.5, 0.7), 2.2],
    ["uniform", uniform(-2, 6), 1.25],
    ["beta", beta(2.5, 1.5), 0.61],
    ["gamma", gamma(2.2, 0.8), 3.3],
  ] as [string, Distribution, number][])("%s: abduction inverts the mechanism exactly (fromNoise(abduct(x)) = x)", (_l, d, x) => {
    expect(d.fromNoise(d.abduct(x, createRng(1)))).toBeCloseTo(x, 9);
  });

  it("continuous inverse-CDF noise reproduces the distribution (Kolmogorov distance small)", () => {
    const d = gamma(2, 1.5), rng = createRng(3), n = 4000;
    const xs = Array.from({ length: n }, () => d.fromNoise(d.sampleNoise(rng))).sort((a, b) => a - b);
    let ks = 0;
    xs.forEach((x, i) => { ks = Math.max(ks, Math.abs(d.cdf(x) - (i + 1) / n), Math.abs(d.cdf(x) - i / n)); });
    expect(ks).toBeLessThan(1.63 / Math.sqrt(n)); // the 1% critical value of the KS statistic
  });

  it("bernoulli threshold abduction keeps the observation and is uniform on its interval", () => {
    const d = bernoulli(0.3), rng = createRng(2);
    for (let i = 0; i < 1000; i++) {
      const u1 = d.abduct(1, rng), u0 = d.abduct(0, rng);
      expect(d.fromNoise(u1)).toBe(1);
      expect(d.fromNoise(u0)).toBe(0);
      expect(u1).toBeLessThan(0.3);
      expect(u0).toBeGreaterThanOrEqual(0.3);
    }
  });

  it("poisson abduction keeps the observation; its noise pushes through the inverse CDF", () => {
    const d = poisson(4), rng = createRng(4);
    for (let k = 0; k < 12; k++) expect(d.fromNoise(d.abduct(k, rng))).toBe(k);
    expect(d.cdf(2)).toBeCloseTo(Math.exp(-4) * (1 + 4 + 8), 14);
  });
});
