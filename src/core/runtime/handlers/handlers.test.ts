// The small handlers one by one: score, reweight, substitute, noise record/replay, and that a
// vectorized mechanism draws exactly what its row-by-row twin draws from the same seed.
import { describe, expect, it } from "vitest";
import { bernoulli, bernoulliColumns } from "../../distributions/bernoulli";
import { categorical } from "../../distributions/categorical";
import { normal, normalColumns } from "../../distributions/normal";
import { createRng } from "../../random/rng";
import { FACTUAL, type ModelSpec, type VariableSpec } from "../model-spec";
import { ParamStore } from "../param-store";
import { runModel } from "../run-model";
import { Runtime } from "../runtime";
import { ConditionHandler } from "./condition";
import { DoHandler } from "./do";
import { NoiseRecordHandler, NoiseReplayHandler } from "./noise";
import { ReweightHandler } from "./reweight";
import { ScoreHandler } from "./score";
import { SeedHandler } from "./seed";
import { SubstituteHandler } from "./substitute";
import { TraceHandler } from "./trace";

const v = (name: string, parents: string[], mechanism: VariableSpec["mechanism"], extra: Partial<VariableSpec> = {}): VariableSpec => ({ name, latent: false, parents, mechanism, ...extra });
const rtFor = (spec: ModelSpec) => new Runtime(spec.variables.map((x) => x.name));

describe("score", () => {
  const spec: ModelSpec = { name: "s", variables: [v("x", [], () => normal(0, 1)), v("y", ["x"], ({ x }) => normal(2 * x, 1))] };
  it("adds log p(observed | parents) per row, and records it on the site", () => {
    const rt = rtFor(spec), tr = new TraceHandler();
    const { worlds, logWeight } = rt.run([new SeedHandler(createRng(2)), new ScoreHandler(), tr, new ConditionHandler({ y: 0.5 })], () => runModel(rt, spec, 50));
    worlds[FACTUAL].x.forEach((x, i) => {
      const lp = -0.5 * (0.5 - 2 * x) ** 2 - 0.5 * Math.log(2 * Math.PI);
      expect(logWeight[i]).toBeCloseTo(lp, 12);
      expect(tr.get(FACTUAL, "y")!.logProb![i]).toBeCloseTo(lp, 12);
    });
  });
  it("without score, condition only fixes the value: no weights", () => {
    const rt = rtFor(spec);
    const { worlds, logWeight } = rt.run([new SeedHandler(createRng(2)), new ConditionHandler({ y: 0.5 })], () => runModel(rt, spec, 10));
    expect(Array.from(worlds[FACTUAL].y)).toEqual(new Array(10).fill(0.5));
    expect(Array.from(logWeight)).toEqual(new Array(10).fill(0));
  });
  it("evidence on an intervened site scores 0 where they agree and -Infinity where not", () => {
    const rt = rtFor(spec);
    const agree = rt.run([new SeedHandler(createRng(2)), new ScoreHandler(), new ConditionHandler({ x: 1 }), new DoHandler({ x: 1 })], () => runModel(rt, { ...spec, variables: spec.variables.slice(0, 1) }, 4));
    expect(Array.from(agree.logWeight)).toEqual([0, 0, 0, 0]);
    const clash = rt.run([new SeedHandler(createRng(2)), new ScoreHandler(), new ConditionHandler({ x: 2 }), new DoHandler({ x: 1 })], () => runModel(rt, { ...spec, variables: spec.variables.slice(0, 1) }, 4));
    expect(Array.from(clash.logWeight)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  });
});

describe("reweight", () => {
  it("importance weights turn draws from N(0, 1) into estimates under N(1, 1) (log w = x - 1/2)", () => {
    const spec: ModelSpec = { name: "r", variables: [v("x", [], () => normal(0, 1))] };
    const rt = rtFor(spec), n = 200_000;
    const { worlds, logWeight } = rt.run([new SeedHandler(createRng(9)), new ReweightHandler({ x: (xs, out) => xs.forEach((x, i) => { out[i] = x - 0.5; }) })], () => runModel(rt, spec, n));
    let sw = 0, swx = 0, sw2 = 0;
    worlds[FACTUAL].x.forEach((x, i) => { const w = Math.exp(logWeight[i]); sw += w; swx += w * x; sw2 += w * w; });
    const mean = swx / sw, ess = (sw * sw) / sw2;
    // E_q[x] = 1, Var_q[x] = 1: the self-normalised estimate is within 4 standard errors.
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(ess));
    expect(ess).toBeGreaterThan(n / 4); // exp(-1) of n in theory (e^{-sigma^2} for a unit shift)
  });
});

describe("substitute and param sites", () => {
  const spec: ModelSpec = {
    name: "p",
    params: [{ name: "slope", init: 2 }, { name: "w", init: Float64Array.from([1, -1]) }],
    variables: [v("x", [], () => normal(0, 1)), v("y", ["x"], ({ x }, { slope, w }) => normal((slope as number) * x + (w as Float64Array)[1], 1e-9))],
  };
  it("params keep their initial values without a store; substitute replaces the ones the store holds", () => {
    const run = (handlers: ConstructorParameters<typeof SubstituteHandler>[0] | undefined) => {
      const rt = rtFor(spec), tr = new TraceHandler();
      const hs = [new SeedHandler(createRng(4)), tr, ...(handlers ? [new SubstituteHandler(handlers)] : [])];
      const out = rt.run(hs, () => runModel(rt, spec, 20));
      return { out, tr };
    };
    const plain = run(undefined);
    plain.out.worlds[FACTUAL].x.forEach((x, i) => expect(plain.out.worlds[FACTUAL].y[i]).toBeCloseTo(2 * x - 1, 6));
    const fitted = run(new ParamStore({ slope: -3 }));
    fitted.out.worlds[FACTUAL].x.forEach((x, i) => expect(fitted.out.worlds[FACTUAL].y[i]).toBeCloseTo(-3 * x - 1, 6));
    expect(fitted.tr.params.get("slope")).toBe(-3);
    expect(Array.from(fitted.tr.params.get("w") as Float64Array)).toEqual([1, -1]);
  });
  it("a mechanism reading an undeclared param is an error naming it", () => {
    const bad: ModelSpec = { name: "bad", variables: [v("x", [], (_p, { nope }) => normal(nope as number, 1))] };
    const rt = rtFor(bad);
    expect(() => rt.run([new SeedHandler(createRng(1))], () => runModel(rt, bad, 3))).toThrow(/reads param "nope", which is not declared \(it declares no params\)/);
  });
  it("the store refuses non-finite values", () => {
    expect(() => new ParamStore({ a: NaN })).toThrow(/finite/);
  });
});

describe("noise record and replay", () => {
  const spec: ModelSpec = { name: "n", variables: [
    v("x", [], () => normal(0, 1)),
    v("b", ["x"], ({ x }) => bernoulli(x > 0 ? 0.8 : 0.2)),
    v("c", ["x"], ({ x }) => categorical(x > 0 ? [0.7, 0.2, 0.1] : [0.1, 0.2, 0.7])),
  ] };
  it("replaying recorded noise with no intervention reproduces every value exactly", () => {
    const rt = rtFor(spec), tr = new TraceHandler();
    const first = rt.run([new SeedHandler(createRng(3)), tr, new NoiseRecordHandler()], () => runModel(rt, spec, 500));
    const again = rt.run([new SeedHandler(createRng(77)), new NoiseReplayHandler(tr)], () => runModel(rt, spec, 500));
    for (const k of ["x", "b", "c"]) expect(Array.from(again.worlds[FACTUAL][k])).toEqual(Array.from(first.worlds[FACTUAL][k]));
  });
  it("abducted noise reproduces the observation (and the weights are the observation's log-probability)", () => {
    const rt = rtFor(spec), tr = new TraceHandler();
    const obs = rt.run([new SeedHandler(createRng(3)), new ScoreHandler(), tr, new NoiseRecordHandler(), new ConditionHandler({ b: 1, c: 2 })], () => runModel(rt, spec, 300));
    const again = rt.run([new SeedHandler(createRng(8)), new NoiseReplayHandler(tr)], () => runModel(rt, spec, 300));
    expect(again.worlds[FACTUAL].b.every((b) => b === 1)).toBe(true);
    expect(again.worlds[FACTUAL].c.every((c) => c === 2)).toBe(true);
    obs.worlds[FACTUAL].x.forEach((x, i) => expect(obs.logWeight[i]).toBeCloseTo(Math.log(x > 0 ? 0.8 : 0.2) + Math.log(x > 0 ? 0.1 : 0.7), 12));
  });
});

describe("vectorized mechanisms", () => {
  const row: ModelSpec = { name: "row", variables: [
    v("x", [], () => normal(0, 1)), v("y", ["x"], ({ x }) => normal(1 + 3 * x, 0.5)), v("b", ["y"], ({ y }) => bernoulli(y > 1 ? 0.9 : 0.1)),
  ] };
  const vec: ModelSpec = { name: "vec", variables: [
    v("x", [], () => normal(0, 1)),
    v("y", ["x"], (({ x }: { x: Float64Array }) => normalColumns(x.map((t) => 1 + 3 * t), 0.5)) as unknown as VariableSpec["mechanism"], { vectorized: true }),
    v("b", ["y"], (({ y }: { y: Float64Array }) => bernoulliColumns(y.map((t) => (t > 1 ? 0.9 : 0.1)))) as unknown as VariableSpec["mechanism"], { vectorized: true }),
  ] };
  it("draw exactly what the row-by-row mechanism draws from the same seed, with and without noise recording", () => {
    for (const extra of [[], [new NoiseRecordHandler()]]) {
      const a = rtFor(row), b = rtFor(vec);
      const ra = a.run([new SeedHandler(createRng(21)), ...extra], () => runModel(a, row, 1000));
      const rb = b.run([new SeedHandler(createRng(21)), ...extra], () => runModel(b, vec, 1000));
      for (const k of ["x", "y", "b"]) expect(Array.from(rb.worlds[FACTUAL][k])).toEqual(Array.from(ra.worlds[FACTUAL][k]));
    }
  });
  it("a vectorized mechanism is called once per batch, a row mechanism once per row", () => {
    let calls = 0;
    const counted: ModelSpec = { name: "c", variables: [
      v("x", [], () => normal(0, 1)),
      v("y", ["x"], (({ x }: { x: Float64Array }) => { calls++; return normalColumns(x, 1); }) as unknown as VariableSpec["mechanism"], { vectorized: true }),
    ] };
    const rt = rtFor(counted);
    rt.run([new SeedHandler(createRng(1))], () => runModel(rt, counted, 4096));
    expect(calls).toBe(1);
  });
  it("a column of the wrong length, or an invalid entry, is an error naming the variable (and the row)", () => {
    const short: ModelSpec = { name: "s", variables: [v("x", [], () => normal(0, 1)), v("y", ["x"], (() => normalColumns(new Float64Array(3), 1)) as unknown as VariableSpec["mechanism"], { vectorized: true })] };
    const rt = rtFor(short);
    expect(() => rt.run([new SeedHandler(createRng(1))], () => runModel(rt, short, 10))).toThrow(/vectorized mechanism of "y" returned 3 rows for a batch of 10/);
    const neg: ModelSpec = { name: "n", variables: [v("x", [], () => normal(0, 1)), v("y", ["x"], (({ x }: { x: Float64Array }) => normalColumns(0, x)) as unknown as VariableSpec["mechanism"], { vectorized: true })] };
    const rt2 = rtFor(neg);
    expect(() => rt2.run([new SeedHandler(createRng(1))], () => runModel(rt2, neg, 10))).toThrow(/variable "y": normal: parameter sigma\[\d+\] = -?[\d.e-]+ is invalid; the standard deviation must be positive and finite/);
  });
});
