// A continuous target's spread (sd, 90% interval, histogram) and threshold events, against closed
// forms: linear-Gaussian models whose interventional, conditional and counterfactual distributions
// are Normal with known mean and sd, and a discrete model enumerated by hand. Tolerances are four
// standard errors of the estimator at the run's (effective) sample size.
import { describe, expect, it } from "vitest";
import { bernoulli, categorical, normal, poisson, scm } from "../index";
import { answer, batchSeed, type Answer } from "./answer";
import type { QuerySpec, SingleQuerySpec } from "./query-spec";
import { pooledSample, SampleBuffer, spreadOf, weightedQuantile } from "./target-spread";

// Y | do(X = x) ~ Normal(1 + 2x, 1)
const linear = scm("linear").variable("X", () => normal(0, 1)).variable("Y", ({ X }) => normal(2 * X + 1, 1));
const single = (s: Partial<SingleQuerySpec>): SingleQuerySpec => ({ kind: "single", counterfactual: false, do: {}, given: {}, target: "Y", ...s });

/** Standard normal CDF, from erfc by the Numerical Recipes Chebyshev fit (|error| < 1.2e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2, t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
const Z95 = 1.6448536269514722;

function mean(a: Answer) {
  if (a.type !== "mean") throw new Error(`expected a mean, got ${a.type}`);
  return a;
}

/** Checks sd, interval and every histogram bin against Normal(mu, s) with `n` effective samples. */
function expectNormal(a: Answer, mu: number, s: number, n: number): void {
  const { estimate, spread } = mean(a);
  expect(Math.abs(estimate.value - mu)).toBeLessThan(4 * s / Math.sqrt(n));
  expect(spread).toBeDefined();
  const sp = spread!;
  expect(Math.abs(sp.sd - s)).toBeLessThan(4 * s / Math.sqrt(2 * n));
  // a percentile's standard error: sqrt(p (1 - p) / n) / density at it = 2.113 s / sqrt(n) for p = 0.05
  const qse = Math.sqrt(0.05 * 0.95 / n) / (Math.exp(-Z95 * Z95 / 2) / Math.sqrt(2 * Math.PI)) * s;
  expect(sp.interval!.level).toBe(0.9);
  expect(Math.abs(sp.interval!.low - (mu - Z95 * s))).toBeLessThan(4 * qse);
  expect(Math.abs(sp.interval!.high - (mu + Z95 * s))).toBeLessThan(4 * qse);
  const bins = sp.histogram!;
  expect(bins.length).toBe(30);
  let total = sp.outside!;
  for (const b of bins) {
    const p = phi((b.x1 - mu) / s) - phi((b.x0 - mu) / s);
    const got = b.density * (b.x1 - b.x0);
    total += got;
    expect(Math.abs(got - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / n) + 1e-9);
  }
  expect(total).toBeCloseTo(1, 9);
  // the histogram spans the 0.1th to 99.9th percentiles: 0.2% outside, up to sampling noise
  expect(Math.abs(sp.outside! - 0.002)).toBeLessThan(4 * Math.sqrt(0.002 / n) + 2 / n);
}

describe("a continuous target's spread", () => {
  it("Y | do(X = 1) ~ Normal(3, 1): sd 1, 90% interval 3 ± 1.645, histogram = Normal bin masses", () => {
    const n = 100_000;
    const a = answer(linear, single({ do: { X: 1 } }), { seed: 3, samples: n, method: "sampling" });
    expectNormal(a, 3, 1, n);
    expect(mean(a).estimate.samples).toBe(n);
    // the mean has the very digits of the library's Query.mean and CounterfactualQuery.mean (same plan and seed)
    const one = (spec: SingleQuerySpec) => mean(answer(linear, spec, { seed: 3, samples: 5000, batches: 1, method: "sampling" })).estimate;
    expect(one(single({ do: { X: 1 } }))).toEqual(linear.do({ X: 1 }).mean("Y", { seed: batchSeed(3, 0), samples: 5000 , method: "sampling" }));
    expect(one(single({ given: { Y: 3 }, target: "X" }))).toEqual(linear.condition({ Y: 3 }).mean("X", { seed: batchSeed(3, 0), samples: 5000 , method: "sampling" }));
    expect(one(single({ counterfactual: true, do: { X: 1 }, given: { Y: 2 } }))).toEqual(linear.counterfactual({ given: { Y: 2 }, do: { X: 1 } }).mean("Y", { seed: batchSeed(3, 0), samples: 5000 , method: "sampling" }));
  });

  it("observed Y ~ Normal(1, sqrt 5)", () => {
    const n = 100_000;
    expectNormal(answer(linear, single({}), { seed: 4, samples: n, method: "sampling" }), 1, Math.sqrt(5), n);
  });

  it("weights by the likelihood under evidence: X | Y = 3 ~ Normal(0.8, sqrt(1/5))", () => {
    const n = 200_000;
    const a = mean(answer(linear, single({ given: { Y: 3 }, target: "X" }), { seed: 2, samples: n, method: "sampling" }));
    const ess = a.estimate.effectiveSampleSize!;
    expect(ess).toBeGreaterThan(n / 4);
    expect(ess).toBeLessThan(n);
    expectNormal(a, 0.8, Math.sqrt(0.2), ess);
  });

  it("counterfactual: Y_{X=1} | Y = 2 ~ Normal(3.2, sqrt(0.8)) (U | 2X + U = 1 ~ Normal(1/5, 4/5))", () => {
    const n = 200_000;
    const cf = mean(answer(linear, single({ counterfactual: true, do: { X: 1 }, given: { Y: 2 } }), { seed: 6, samples: n, method: "sampling" }));
    expectNormal(cf, 3.2, Math.sqrt(0.8), cf.estimate.effectiveSampleSize!);
  });

  it("an exact mean gets its sd exactly (E[S^2] - E[S]^2) and no interval: S uniform on 0..1199 (more states than a table lists, so a mean)", () => {
    const m = scm("dice").variable("S", () => categorical(Array.from({ length: 1200 }, () => 1 / 1200)));
    const a = mean(answer(m, single({ target: "S" }), { seed: 1 }));
    expect(a.estimate.standardError).toBe(0);
    expect(a.estimate.value).toBeCloseTo(599.5, 9);
    expect(a.spread!.sd).toBeCloseTo(Math.sqrt((1200 * 1200 - 1) / 12), 9);
    expect(a.spread!.interval).toBeUndefined();
  });

  it("a categorical target with 20 states is a distribution of all 20, from the exact tables (issue 14, item 4), not the mean of its index", () => {
    const m = scm("d20").variable("S", () => categorical(Array.from({ length: 20 }, (_, k) => (k === 19 ? 0.00018 : (1 - 0.00018) / 19))));
    const a = answer(m, single({ target: "S" }), { seed: 1 });
    if (a.type !== "distribution") throw new Error(`expected a distribution, got ${a.type}`);
    expect(a.support).toBe("declared");
    expect(a.rows.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(a.rows[19].estimate.value).toBeCloseTo(0.00018, 15); // a 400-draw probe would usually miss this state
  });

  it("integer targets bin on whole numbers: Poisson(40) has >16 values, so a histogram of width-1 (or wider) bins centred on integers", () => {
    const m = scm("counts").variable("N", () => poisson(40));
    const a = mean(answer(m, single({ target: "N" }), { seed: 1, samples: 50_000 }));
    const bins = a.spread!.histogram!;
    for (const b of bins) {
      expect(Number.isInteger(b.x0 + 0.5)).toBe(true);
      expect(Number.isInteger(b.x1 - b.x0)).toBe(true);
    }
    expect(Math.abs(a.spread!.sd - Math.sqrt(40))).toBeLessThan(4 * Math.sqrt(40) / Math.sqrt(2 * 50_000) * 1.2);
  });

  it("pools batches by their share of the samples and quantiles are the smallest value reaching p", () => {
    const a = new SampleBuffer(2), b = new SampleBuffer(2);
    a.add(1, 0); a.add(3, 0);          // batch of 2, unweighted
    b.add(2, Math.log(3)); b.add(10, 0); // weights 3:1
    const s = pooledSample([a, b])!;
    expect(Array.from(s.x)).toEqual([1, 2, 3, 10]);
    expect(Array.from(s.w).map((w) => +w.toFixed(12))).toEqual([0.25, 0.375, 0.25, 0.125]);
    expect(weightedQuantile(s.x, s.w, 0.25)).toBe(1);
    expect(weightedQuantile(s.x, s.w, 0.6)).toBe(2);
    expect(weightedQuantile(s.x, s.w, 0.95)).toBe(10);
    expect(spreadOf([a, b])!.sd).toBeCloseTo(Math.sqrt(0.25 * 1 + 0.375 * 4 + 0.25 * 9 + 0.125 * 100 - (0.25 + 0.75 + 0.75 + 1.25) ** 2), 12);
  });
});

describe("threshold events", () => {
  const p = (a: Answer) => {
    if (a.type !== "probability") throw new Error(`expected a probability, got ${a.type}`);
    return a.estimate;
  };
  it("P(Y > 3.5 | do(X = 1)) = 1 - Phi(0.5); P(Y <= 2 | do(X = 1)) = Phi(-1), within 4 se", () => {
    const gt = p(answer(linear, single({ do: { X: 1 }, threshold: { op: ">", value: 3.5 } }), { seed: 1, method: "sampling", samples: 100_000 }));
    expect(Math.abs(gt.value - (1 - phi(0.5)))).toBeLessThan(4 * gt.standardError);
    expect(gt.standardError).toBeCloseTo(Math.sqrt(0.3085 * 0.6915 / 100_000), 4);
    const le = p(answer(linear, single({ do: { X: 1 }, threshold: { op: "<=", value: 2 } }), { seed: 1, method: "sampling", samples: 100_000 }));
    expect(Math.abs(le.value - phi(-1))).toBeLessThan(4 * le.standardError);
  });

  it("counterfactual and conditional thresholds: P(Y_{X=1} > 3.5 | Y = 2), P(X < 0 | Y = 3)", () => {
    const cf = p(answer(linear, single({ counterfactual: true, do: { X: 1 }, given: { Y: 2 }, threshold: { op: ">", value: 3.5 } }), { seed: 2, method: "sampling", samples: 200_000 }));
    expect(Math.abs(cf.value - (1 - phi((3.5 - 3.2) / Math.sqrt(0.8))))).toBeLessThan(4 * cf.standardError);
    const cond = p(answer(linear, single({ given: { Y: 3 }, target: "X", threshold: { op: "<", value: 0 } }), { seed: 2, method: "sampling", samples: 200_000 }));
    expect(Math.abs(cond.value - phi(-0.8 / Math.sqrt(0.2)))).toBeLessThan(4 * cond.standardError);
  });

  it("on a discrete model it is exact and equals enumeration: P(S >= 2 | R = 1), P(S > 2), P(S < 1), P(S <= 1 | do(R = 0))", () => {
    const probs = [0.1, 0.2, 0.3, 0.4];
    const m = scm("disc").variable("S", () => categorical(probs)).variable("R", ({ S }) => bernoulli([0.9, 0.5, 0.3, 0.2][S]));
    const pr = [0.9, 0.5, 0.3, 0.2];
    const joint = probs.map((ps, s) => ps * pr[s]);
    const z = joint.reduce((a, b) => a + b, 0);
    const cases: [QuerySpec, number][] = [
      [single({ target: "S", given: { R: 1 }, threshold: { op: ">=", value: 2 } }), (joint[2] + joint[3]) / z],
      [single({ target: "S", threshold: { op: ">", value: 2 } }), 0.4],
      [single({ target: "S", threshold: { op: "<", value: 1 } }), 0.1],
      [single({ target: "S", do: { R: 0 }, threshold: { op: "<=", value: 1 } }), 0.3],
      [single({ target: "R", do: { S: 3 }, threshold: { op: ">", value: 0.5 } }), 0.2],
    ];
    for (const [spec, expected] of cases) {
      const e = p(answer(m, spec, { seed: 1 }));
      expect(e.standardError).toBe(0);
      expect(e.method).toBe("variable elimination");
      expect(e.value).toBeCloseTo(expected, 12);
    }
  });
});
