import { describe, expect, it } from "vitest";
import {
  log10ChiSquareUpper, log10FUpper, log10NormalTwoSided, noncentralChiSquareCdf, noncentralityInterval, normalCdf, normalQuantile,
} from "./tail-probabilities";

const phiDensity = (t: number): number => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
function simpson(f: (t: number) => number, a: number, b: number, steps = 4000): number {
  const h = (b - a) / steps;
  let s = f(a) + f(b);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe("tail probabilities in log space, against closed forms", () => {
  it("chi-square with 2 and 4 df: exp(-x/2) and exp(-x/2)(1 + x/2), far below 1e-300", () => {
    for (const x of [0.5, 3, 40, 700, 3000, 20000]) {
      expect(log10ChiSquareUpper(x, 2)).toBeCloseTo(-x / 2 / Math.LN10, 9);
      expect(log10ChiSquareUpper(x, 4)).toBeCloseTo((-x / 2 + Math.log1p(x / 2)) / Math.LN10, 9);
    }
    expect(log10ChiSquareUpper(3000, 2)).toBeLessThan(-325);
  });

  it("two-sided normal: 0.05 at 1.959964, and the asymptotic Mills-ratio series at z = 40", () => {
    expect(10 ** log10NormalTwoSided(1.959963984540054)).toBeCloseTo(0.05, 12);
    const z = 40, series = 1 - 1 / z ** 2 + 3 / z ** 4 - 15 / z ** 6 + 105 / z ** 8;
    const expected = (Math.log(2) - z * z / 2 - Math.log(z) - 0.5 * Math.log(2 * Math.PI) + Math.log(series)) / Math.LN10;
    expect(log10NormalTwoSided(z)).toBeCloseTo(expected, 9);
    expect(log10NormalTwoSided(-z)).toBe(log10NormalTwoSided(z));
    expect(log10NormalTwoSided(0)).toBe(0);
  });

  it("F tails: F(2, d2) is (1 + 2f/d2)^(-d2/2); F(d1, 2) is 1 - (d1 f / (2 + d1 f))^(d1/2)", () => {
    for (const [f, d2] of [[0.7, 10], [5, 30], [300, 400], [1e4, 997]]) {
      expect(log10FUpper(f, 2, d2)).toBeCloseTo((-d2 / 2) * Math.log1p((2 * f) / d2) / Math.LN10, 8);
    }
    for (const [f, d1] of [[0.5, 3], [4, 6]]) expect(10 ** log10FUpper(f, d1, 2)).toBeCloseTo(1 - ((d1 * f) / (2 + d1 * f)) ** (d1 / 2), 12);
  });

  it("normal CDF and quantile", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(normalCdf(-1)).toBeCloseTo(simpson(phiDensity, -12, -1), 10);
  });

  it("noncentral chi-square(1): P(X <= x) = Phi(sqrt x - sqrt l) - Phi(-sqrt x - sqrt l), and its interval inverts it", () => {
    for (const [x, l] of [[2, 0.5], [10, 7], [40, 25]]) {
      const a = Math.sqrt(x), m = Math.sqrt(l);
      expect(noncentralChiSquareCdf(x, 1, l)).toBeCloseTo(simpson(phiDensity, -a - m, a - m), 9);
    }
    const [lo, hi] = noncentralityInterval(30, 3, 0.95);
    expect(noncentralChiSquareCdf(30, 3, lo)).toBeCloseTo(0.975, 6);
    expect(noncentralChiSquareCdf(30, 3, hi)).toBeCloseTo(0.025, 6);
    expect(noncentralityInterval(0.1, 3, 0.95)).toEqual([0, 0]);
  });
});
