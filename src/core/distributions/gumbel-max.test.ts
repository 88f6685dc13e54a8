import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../random/rng";
import { CausalError } from "../errors/diagnostic";
import { counterfactualCategorical, gumbelMaxSample, logSumExp, perturbedArgmax, posteriorGumbels, standardGumbel } from "./gumbel-max";
import { binaryCounterfactual } from "./gumbel-max-exact";

const EULER_GAMMA = 0.5772156649015329;
const GUMBEL_VARIANCE = Math.PI ** 2 / 6;
const within4se = (estimate: number, truth: number, p: number, n: number) =>
  expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(4 * Math.sqrt(Math.max(p * (1 - p), 1e-12) / n) + 1e-12);

describe("standardGumbel", () => {
  it("has mean Euler's gamma and variance pi^2/6 within 4 standard errors", () => {
    const rng = createRng(1), n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const g = standardGumbel(rng); s += g; s2 += g * g; }
    const mean = s / n, variance = s2 / n - mean * mean;
    expect(Math.abs(mean - EULER_GAMMA)).toBeLessThan(4 * Math.sqrt(GUMBEL_VARIANCE / n));
    // Var of the sample variance ~ sigma^4 (kurtosis - 1) / n; the Gumbel's kurtosis is 5.4.
    expect(Math.abs(variance - GUMBEL_VARIANCE)).toBeLessThan(4 * Math.sqrt(GUMBEL_VARIANCE ** 2 * 4.4 / n));
  });
});

describe("gumbelMaxSample", () => {
  it("picks each category with its softmax probability (4 SE) and never a zero-probability one", () => {
    const p = [0.1, 0, 0.2, 0.3, 0.4], logits = p.map(Math.log), n = 100_000, counts = new Array(p.length).fill(0);
    const rng = createRng(2);
    for (let i = 0; i < n; i++) counts[gumbelMaxSample(logits, rng)]++;
    expect(counts[1]).toBe(0);
    p.forEach((pj, j) => within4se(counts[j] / n, pj, pj, n));
  });

  it("accepts unnormalised logits", () => {
    const logits = [10, 11, 9], n = 50_000, rng = createRng(3);
    const z = logSumExp(logits), counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[gumbelMaxSample(logits, rng)]++;
    logits.forEach((l, j) => within4se(counts[j] / n, Math.exp(l - z), Math.exp(l - z), n));
  });

  it("rejects logits that are all -Infinity or NaN", () => {
    expect(() => gumbelMaxSample([-Infinity, -Infinity], createRng(0))).toThrow(CausalError);
    expect(() => gumbelMaxSample([0, NaN], createRng(0))).toThrow(/logits\[1\] is NaN/);
  });
});

describe("posteriorGumbels", () => {
  const logitsArb = fc.array(fc.oneof(fc.double({ min: -700, max: 50, noNaN: true }), fc.constant(-Infinity)), { minLength: 1, maxLength: 8 })
    .filter((ls) => ls.some((l) => l !== -Infinity));

  it("every posterior sample reproduces the observed argmax (property, extreme logits included)", () => {
    fc.assert(fc.property(logitsArb, fc.nat(), fc.integer(), (logits, pick, seed) => {
      const finite = logits.map((l, j) => (l === -Infinity ? -1 : j)).filter((j) => j >= 0);
      const observed = finite[pick % finite.length];
      const rng = createRng(seed), out = new Float64Array(logits.length);
      for (let s = 0; s < 50; s++) {
        posteriorGumbels(logits, observed, rng, out);
        if (perturbedArgmax(logits, out) !== observed) return false;
      }
      return true;
    }), { seed: 424242, numRuns: 300 });
  });

  it("matches rejection sampling from the prior: the posterior mean of each noise (4 SE)", () => {
    const p = [0.5, 0.3, 0.2], logits = p.map(Math.log), observed = 1, n = 60_000;
    const rng = createRng(5);
    // Rejection: draw prior noise, keep draws whose argmax is the observed category.
    const kept = [0, 0, 0], kept2 = [0, 0, 0];
    let accepted = 0;
    while (accepted < n) {
      const g = p.map(() => standardGumbel(rng));
      if (perturbedArgmax(logits, g) !== observed) continue;
      accepted++;
      g.forEach((x, j) => { kept[j] += x; kept2[j] += x * x; });
    }
    const post = [0, 0, 0], out = new Float64Array(3);
    for (let s = 0; s < n; s++) { posteriorGumbels(logits, observed, rng, out); out.forEach((x, j) => (post[j] += x)); }
    for (let j = 0; j < 3; j++) {
      const mean = kept[j] / n, sd = Math.sqrt(kept2[j] / n - mean * mean);
      // Difference of two independent means with the same spread: SE = sd * sqrt(2/n).
      expect(Math.abs(post[j] / n - mean)).toBeLessThan(4 * sd * Math.sqrt(2 / n));
    }
  });

  it("averaged over observations drawn from p, gives back the Gumbel(0, 1) prior mean", () => {
    const p = [0.6, 0.25, 0.15], logits = p.map(Math.log), n = 100_000, rng = createRng(6);
    const sum = [0, 0, 0], out = new Float64Array(3);
    for (let s = 0; s < n; s++) {
      posteriorGumbels(logits, gumbelMaxSample(logits, rng), rng, out);
      out.forEach((x, j) => (sum[j] += x));
    }
    sum.forEach((x) => expect(Math.abs(x / n - EULER_GAMMA)).toBeLessThan(4 * Math.sqrt(GUMBEL_VARIANCE / n)));
  });

  it("refuses an observation of a zero-probability category", () => {
    expect(() => posteriorGumbels([0, -Infinity], 1, createRng(0))).toThrow(/probability 0/);
    expect(() => posteriorGumbels([0, 0], 2, createRng(0))).toThrow(/not an index/);
  });
});

describe("counterfactualCategorical", () => {
  const probsArb = (k: number) => fc.array(fc.oneof(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.constant(0)), { minLength: k, maxLength: k })
    .filter((ps) => ps.some((x) => x > 0));

  it("is counterfactually stable: never picks j with p'_j/p_j < p'_i/p_i after observing i (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }).chain((k) => fc.tuple(probsArb(k), probsArb(k))), fc.nat(), fc.integer(), ([p, pp], pick, seed) => {
      const support = p.map((x, j) => (x > 0 ? j : -1)).filter((j) => j >= 0);
      const i = support[pick % support.length];
      const cf = counterfactualCategorical(p, i, pp, createRng(seed), 200);
      const ratio = (j: number) => (p[j] === 0 ? Infinity : pp[j] / p[j]);
      return cf.every((mass, j) => mass === 0 || !(ratio(j) < ratio(i)));
    }), { seed: 777, numRuns: 200 });
  });

  it("with p' = p returns the observation with probability exactly 1", () => {
    const p = [0.2, 0.5, 0.3];
    for (let i = 0; i < 3; i++) {
      const cf = counterfactualCategorical(p, i, p, createRng(10 + i), 5_000);
      expect(Array.from(cf)).toEqual([0, 1, 2].map((j) => (j === i ? 1 : 0)));
    }
  });

  it("agrees with the two-category closed form within 4 SE", () => {
    const n = 40_000;
    const cases: [number, number, 0 | 1][] = [[0.3, 0.6, 1], [0.3, 0.6, 0], [0.7, 0.2, 1], [0.7, 0.2, 0], [0.5, 0.5, 1], [0.05, 0.9, 0]];
    cases.forEach(([p1, q1, y], c) => {
      const cf = counterfactualCategorical([1 - p1, p1], y, [1 - q1, q1], createRng(100 + c), n);
      const truth = binaryCounterfactual(p1, q1, y);
      within4se(cf[1], truth, truth, n);
    });
  });

  it("reports bad arguments as CausalErrors with actionable messages", () => {
    expect(() => counterfactualCategorical([0.5, 0.5], 0, [1], createRng(0), 10)).toThrow(/same variable/);
    expect(() => counterfactualCategorical([0.5, -0.5], 0, [0.5, 0.5], createRng(0), 10)).toThrow(/non-negative/);
    expect(() => counterfactualCategorical([0.5, 0.5], 0, [0.5, 0.5], createRng(0), 0)).toThrow(/positive integer/);
  });
});
