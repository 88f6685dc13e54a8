import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../random/rng";
import { counterfactualCategorical } from "./gumbel-max";
import { binaryCounterfactual, counterfactualCategoricalExact } from "./gumbel-max-exact";

const probsArb = (k: number) => fc.array(fc.oneof(fc.double({ min: 0.001, max: 1, noNaN: true }), fc.constant(0)), { minLength: k, maxLength: k })
  .filter((ps) => ps.some((x) => x > 0));
const pairArb = fc.integer({ min: 2, max: 7 }).chain((k) => fc.tuple(probsArb(k), probsArb(k)));
const normalise = (p: number[]) => { const s = p.reduce((a, b) => a + b, 0); return p.map((x) => x / s); };

describe("counterfactualCategoricalExact", () => {
  it("reduces to the two-category closed form min(1, p'/p) and max(0, p' - p)/(1 - p)", () => {
    const grid = [0.01, 0.1, 0.25, 0.5, 0.8, 0.99];
    for (const p1 of grid) for (const q1 of grid) for (const y of [0, 1] as const) {
      const exact = counterfactualCategoricalExact([1 - p1, p1], y, [1 - q1, q1]);
      expect(exact[1]).toBeCloseTo(binaryCounterfactual(p1, q1, y), 12);
    }
  });

  it("gives a distribution whose mixture over the factual outcome is the interventional p' (property)", () => {
    fc.assert(fc.property(pairArb, ([p, pp]) => {
      const q = normalise(p), qp = normalise(pp), mixed = new Array(p.length).fill(0);
      for (let i = 0; i < p.length; i++) {
        if (q[i] === 0) continue;
        const row = counterfactualCategoricalExact(p, i, pp);
        if (Math.abs(row.reduce((a, b) => a + b, 0) - 1) > 1e-9) return false;
        if (row.some((x) => x < -1e-12)) return false;
        row.forEach((x, k) => (mixed[k] += q[i] * x));
      }
      return mixed.every((x, k) => Math.abs(x - qp[k]) < 1e-9);
    }), { seed: 99, numRuns: 500 });
  });

  it("is counterfactually stable and returns the observation when p' = p (property)", () => {
    fc.assert(fc.property(pairArb, fc.nat(), ([p, pp], pick) => {
      const support = p.map((x, j) => (x > 0 ? j : -1)).filter((j) => j >= 0);
      const i = support[pick % support.length];
      const ratio = (j: number) => (p[j] === 0 ? Infinity : pp[j] / p[j]);
      const row = counterfactualCategoricalExact(p, i, pp);
      const same = counterfactualCategoricalExact(p, i, p);
      return row.every((x, j) => x === 0 || !(ratio(j) < ratio(i))) && same.every((x, j) => x === (j === i ? 1 : 0));
    }), { seed: 5, numRuns: 300 });
  });

  it("agrees with the Monte Carlo posterior sampler within 4 SE on every category", () => {
    const n = 40_000;
    const cases: [number[], number, number[]][] = [
      [[0.1, 0.2, 0.3, 0.4], 3, [0.4, 0.3, 0.2, 0.1]],
      [[0.1, 0.2, 0.3, 0.4], 0, [0.25, 0.25, 0.25, 0.25]],
      [[0.5, 0.5, 0, 0], 1, [0, 0.2, 0.5, 0.3]], // categories unconstrained by the observation
      [[1 / 3, 1 / 3, 1 / 3, 0, 0], 2, [0, 1 / 3, 0, 1 / 3, 1 / 3]],
      [[0.05, 0.6, 0.05, 0.3], 3, [0.3, 0.1, 0.4, 0.2]],
    ];
    cases.forEach(([p, i, pp], c) => {
      const exact = counterfactualCategoricalExact(p, i, pp);
      const mc = counterfactualCategorical(p, i, pp, createRng(1000 + c), n);
      exact.forEach((x, k) => expect(Math.abs(mc[k] - x)).toBeLessThanOrEqual(4 * Math.sqrt(x * (1 - x) / n) + 1e-12));
    });
  });

  it("rejects impossible observations and mismatched lengths", () => {
    expect(() => counterfactualCategoricalExact([1, 0], 1, [0.5, 0.5])).toThrow(/probability 0/);
    expect(() => counterfactualCategoricalExact([1, 0], 0, [1])).toThrow(/same variable/);
    expect(() => binaryCounterfactual(1.5, 0.5, 1)).toThrow(/\[0, 1\]/);
  });
});
