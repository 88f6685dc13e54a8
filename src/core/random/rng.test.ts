import { describe, expect, it } from "vitest";
import { createRng } from "./rng";

describe("createRng", () => {
  it("reproduces a stream from the same seed and differs across seeds", () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("gives uniform draws whose mean and variance match U(0,1) within 4 standard errors", () => {
    const rng = createRng(7), n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const u = rng.next(); expect(u >= 0 && u < 1).toBe(true); s += u; s2 += u * u; }
    const mean = s / n, variance = s2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / n));
  });

  it("gives standard normal draws: mean 0, variance 1, P(|z|<1.96) = 0.95", () => {
    const rng = createRng(11), n = 200_000;
    let s = 0, s2 = 0, inside = 0;
    for (let i = 0; i < n; i++) { const z = rng.normal(); s += z; s2 += z * z; if (Math.abs(z) < 1.959964) inside++; }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(4 * Math.sqrt(0.95 * 0.05 / n));
  });
});

describe("normal tails and shape (ziggurat)", () => {
  it("matches the normal CDF at many points (Kolmogorov distance) and in the far tails", () => {
    const rng = createRng(2024), n = 400_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = rng.normal();
    xs.sort();
    // Phi by the complementary error function (Abramowitz & Stegun 7.1.26 is too coarse; use a series-free erfc via continued fraction)
    const phi = (z: number) => 0.5 * erfc(-z / Math.SQRT2);
    let ks = 0;
    for (let i = 0; i < n; i += 97) ks = Math.max(ks, Math.abs(phi(xs[i]) - (i + 0.5) / n));
    expect(ks).toBeLessThan(1.63 / Math.sqrt(n) + 2e-4);
    const beyond3 = xs.filter((x) => Math.abs(x) > 3).length / n, p3 = 2 * phi(-3);
    expect(Math.abs(beyond3 - p3)).toBeLessThan(4 * Math.sqrt(p3 * (1 - p3) / n));
    const beyondR = xs.filter((x) => Math.abs(x) > 3.5).length / n, pR = 2 * phi(-3.5);
    expect(Math.abs(beyondR - pR)).toBeLessThan(4 * Math.sqrt(pR * (1 - pR) / n));
  });
});

/** erfc by the Numerical-Recipes-style Chebyshev fit (relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
