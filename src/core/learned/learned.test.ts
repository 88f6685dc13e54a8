// Learnable families: their declared params, parents and types; their distributions against
// closed forms computed here; queries (do, counterfactual) on a model with set params; errors.
import { describe, expect, expectTypeOf, it } from "vitest";
import { normal } from "../distributions/normal";
import { bernoulli } from "../distributions/bernoulli";
import { scm } from "../dsl/scm";
import { logLikelihood } from "../infer/log-likelihood";
import { linearGaussian } from "./linear-gaussian";
import { logistic } from "./logistic";
import { glorotInit, mlp, mlpForward, mlpLayers } from "./mlp";
import { poissonLogLinear } from "./poisson-log-linear";
import { softmax } from "./softmax";
import { tabular } from "./tabular";

const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe("learnable families", () => {
  it("declare their params after the variable, with parents from the features function", () => {
    const m = scm("w")
      .variable("x", () => normal(0, 1))
      .variable("t", logistic(({ x }) => ({ x })))
      .variable("y", linearGaussian(({ x, t }) => ({ x, t })));
    expect(m.params.map((p) => [p.name, typeof p.init === "number" ? "scalar" : p.init.length, p.constraint ?? "real"])).toEqual([
      ["t.coef", 2, "real"], ["y.coef", 3, "real"], ["y.sd", "scalar", "positive"],
    ]);
    expect(m.variables.map((v) => [v.name, v.parents])).toEqual([["x", []], ["t", ["x"]], ["y", ["x", "t"]]]);
    const y = m.spec().variables[2].learned!;
    expect([y.family, y.features, y.featureParents]).toEqual(["linear-gaussian", ["x", "t"], ["x", "t"]]);
  });

  it("type the features function's parents from the model and the child's values from the family", () => {
    scm("t")
      .variable("x", () => normal(0, 1))
      .variable("b", logistic(({ x }) => {
        expectTypeOf(x).toEqualTypeOf<number>();
        return { x };
      }))
      .variable("y", ({ b }) => {
        expectTypeOf(b).toEqualTypeOf<0 | 1>();
        return normal(b, 1);
      });
    // @ts-expect-error -- "z" is not a variable of the model
    expect(() => scm("t").variable("x", () => normal(0, 1)).variable("y", linearGaussian(({ z }) => ({ z })))).toBeDefined();
  });

  it("computed features are named; only unchanged parents map to columns", () => {
    const m = scm("q").variable("x", () => normal(0, 1)).variable("y", linearGaussian(({ x }) => ({ x, x2: x * x })));
    const l = m.spec().variables[1].learned!;
    expect([l.features, l.featureParents]).toEqual([["x", "x2"], ["x", undefined]]);
    expect(Array.from(l.featuresOf({ x: 3 }))).toEqual([3, 9]);
    expect(m.params[0].init).toEqual(new Float64Array(3));
  });

  it("linear-Gaussian: the log-likelihood is the normal density at coef . [1, x] with sd", () => {
    const m = scm("lg").variable("x", () => normal(0, 1)).variable("y", linearGaussian(({ x }) => ({ x, x2: x * x })))
      .withParams({ "y.coef": Float64Array.of(0.5, 2, -1), "y.sd": 0.7 });
    const x = [0.3, -1.2, 2], y = [1, -0.5, 0.1];
    const ll = logLikelihood(m.spec(), { x, y });
    const expected = x.reduce((s, xi, i) => {
      const mu = 0.5 + 2 * xi - xi * xi, z = (y[i] - mu) / 0.7;
      return s - 0.5 * z * z - Math.log(0.7) - 0.5 * Math.log(2 * Math.PI);
    }, 0);
    expect(ll.perMechanism.y.total).toBeCloseTo(expected, 12);
  });

  it("linear-Gaussian: do and counterfactual answers equal the closed forms (additive noise is abducted exactly)", () => {
    const m = scm("lg").variable("x", () => normal(0, 1)).variable("y", linearGaussian(({ x }) => ({ x })))
      .withParams({ "y.coef": Float64Array.of(1, 3), "y.sd": 0.5 });
    const e = m.do({ x: 2 }).mean("y", { seed: 1, samples: 20_000 });
    expect(Math.abs(e.value - 7)).toBeLessThan(4 * e.standardError + 1e-9);
    // Factual x = 1, y = 3 (noise 3 - 4 = -1); under do(x = 2): 1 + 6 - 1 = 6, whatever the seed.
    const cf = m.counterfactual({ given: { x: 1, y: 3 }, do: { x: 2 } }).mean("y", { seed: 2, samples: 2_000 });
    expect(cf.value).toBeCloseTo(6, 9);
  });

  it("logistic, Poisson, softmax and tabular: probabilities equal the closed forms", () => {
    const m = scm("d")
      .variable("x", () => bernoulli(0.5))
      .variable("b", logistic(({ x }) => ({ x })))
      .variable("c", poissonLogLinear(({ x }) => ({ x })))
      .variable("s", softmax(({ x }) => ({ x }), { levels: 3 }))
      .variable("t", tabular(({ x, b }) => ({ x, b }), { levels: 2, featureLevels: { x: 2, b: 2 } }))
      .withParams({
        "b.coef": Float64Array.of(-1, 2), "c.coef": Float64Array.of(0.1, 0.4), "s.coef": Float64Array.of(0.2, 1, -0.5, 0.3),
        "t.cpt": Float64Array.of(0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.2, 0.8),
      });
    const spec = m.spec();
    const ll = logLikelihood(spec, { x: [1, 1, 1, 0], b: [1, 0, 0, 1], c: [2, 0, 0, 0], s: [0, 1, 2, 0], t: [1, 0, 0, 0] });
    const logPois = (k: number, r: number) => k * Math.log(r) - r - Math.log([1, 1, 2][k]);
    expect(ll.perMechanism.b.perRow![0]).toBeCloseTo(Math.log(sig(1)), 12);
    expect(ll.perMechanism.b.perRow![1]).toBeCloseTo(Math.log(1 - sig(1)), 12);
    expect(ll.perMechanism.c.perRow![0]).toBeCloseTo(logPois(2, Math.exp(0.5)), 12);
    const z1 = Math.exp(1.2), z2 = Math.exp(-0.2), Z = 1 + z1 + z2;
    expect(ll.perMechanism.s.perRow![0]).toBeCloseTo(Math.log(1 / Z), 12);
    expect(ll.perMechanism.s.perRow![1]).toBeCloseTo(Math.log(z1 / Z), 12);
    expect(ll.perMechanism.s.perRow![2]).toBeCloseTo(Math.log(z2 / Z), 12);
    // Configuration (x = 1, b = 1) is index 3 (row-major): P(t = 1) = 0.8; (x = 1, b = 0) is index 2: P(t = 0) = 0.3.
    expect(ll.perMechanism.t.perRow![0]).toBeCloseTo(Math.log(0.8), 12);
    expect(ll.perMechanism.t.perRow![1]).toBeCloseTo(Math.log(0.3), 12);
    // (x = 0, b = 1) is index 1: P(t = 0) = 0.6.
    expect(ll.perMechanism.t.perRow![3]).toBeCloseTo(Math.log(0.6), 12);
    // x is set, so only b's table is needed: exact by variable elimination (sampled, it is within 4 SE).
    const p = m.do({ x: 1 }).prob({ b: 1 }, { seed: 3, samples: 20_000 });
    expect(p.standardError).toBe(0);
    expect(p.value).toBeCloseTo(sig(1), 12);
    const s = m.do({ x: 1 }).prob({ b: 1 }, { seed: 3, samples: 20_000, method: "sampling" });
    expect(Math.abs(s.value - sig(1))).toBeLessThan(4 * s.standardError);
  });

  it("mlp: the forward pass equals a hand computation, and the normal likelihood uses (loc, softplus(raw) + 1e-6)", () => {
    // 1 -> 2 (tanh) -> 2: W0 = [1, -1], b0 = [0, 0.5]; W1 = [[1, 0], [2, 1]] row-major, b1 = [0.1, -0.2].
    const W0 = Float64Array.of(1, -1), B0 = Float64Array.of(0, 0.5), W1 = Float64Array.of(1, 0, 2, 1), B1 = Float64Array.of(0.1, -0.2);
    const out = mlpForward(Float64Array.of(0.3), 1, [1, 2, 2], [W0, W1], [B0, B1]);
    const h = [Math.tanh(0.3), Math.tanh(-0.3 + 0.5)];
    expect(out[0]).toBeCloseTo(h[0] + 2 * h[1] + 0.1, 14);
    expect(out[1]).toBeCloseTo(h[1] - 0.2, 14);
    const m = scm("n").variable("x", () => normal(0, 1)).variable("y", mlp(({ x }) => ({ x }), { hidden: [2] }))
      .withParams({ "y.w0": W0, "y.b0": B0, "y.w1": W1, "y.b1": B1 });
    expect(m.params.map((p) => p.name)).toEqual(["y.w0", "y.b0", "y.w1", "y.b1"]);
    const ll = logLikelihood(m.spec(), { x: [0.3], y: [1] });
    const sd = Math.log1p(Math.exp(out[1])) + 1e-6, z = (1 - out[0]) / sd;
    expect(ll.perMechanism.y.total).toBeCloseTo(-0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI), 12);
  });

  it("mlp: initial weights are Glorot-uniform and the same for the same variable name", () => {
    const a = scm("a").variable("x", () => normal(0, 1)).variable("y", mlp(({ x }) => ({ x }), { hidden: [64, 64] }));
    const b = scm("b").variable("x", () => normal(0, 1)).variable("y", mlp(({ x }) => ({ x }), { hidden: [64, 64] }));
    expect(a.params.map((p) => p.init)).toEqual(b.params.map((p) => p.init));
    expect(mlpLayers(1, { hidden: [64, 64], likelihood: "normal" })).toEqual([1, 64, 64, 2]);
    const w = glorotInit([64, 64], 7).weights[0], bound = Math.sqrt(6 / 128);
    expect(w.every((v) => Math.abs(v) <= bound)).toBe(true);
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(variance - bound * bound / 3)).toBeLessThan(0.1 * bound * bound / 3);
  });

  it("bad options and features are errors naming the variable", () => {
    const base = scm("e").variable("x", () => normal(0, 1));
    expect(() => base.variable("s", softmax(({ x }) => ({ x }), { levels: 1 }))).toThrow(/softmax mechanism of "s": softmax needs \{ levels: k \}/);
    expect(() => base.variable("t", tabular(({ x }) => ({ x }), { levels: 2, featureLevels: {} }))).toThrow(/"x" has none/);
    expect(() => base.variable("y", linearGaussian(({ x }) => ({ x: String(x) }) as never))).toThrow(/feature "x" is string, not a number/);
    expect(() => base.variable("y", mlp(({ x }) => ({ x }), { likelihood: "poisson" as never }))).toThrow(/likelihood is "normal", "bernoulli" or "categorical"/);
    expect(() => base.param("y.coef", 0).variable("y", linearGaussian(({ x }) => ({ x })))).toThrow(/declares param "y.coef", which model "e" already declares/);
    const m = base.variable("t", tabular(({ x }) => ({ x }), { levels: 2, featureLevels: { x: 2 } }));
    expect(() => logLikelihood(m.spec(), { x: [0.5], t: [0] })).toThrow(/reads feature "x" = 0.5, not a level in 0..1/);
  });
});
