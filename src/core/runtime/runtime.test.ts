import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { categorical } from "../distributions/categorical";
import { normal } from "../distributions/normal";
import { BlockHandler } from "./handlers/block";
import { ConditionHandler } from "./handlers/condition";
import { DoHandler } from "./handlers/do";
import { MultiWorldHandler } from "./handlers/multi-world";
import { NoiseRecordHandler, NoiseReplayHandler } from "./handlers/noise";
import { ReplayHandler } from "./handlers/replay";
import { ScoreHandler } from "./handlers/score";
import { SeedHandler } from "./handlers/seed";
import { TraceHandler } from "./handlers/trace";
import type { Handler, SiteMessage } from "./message";
import { FACTUAL, type ModelSpec } from "./model-spec";
import { createRng } from "../random/rng";
import { runModel } from "./run-model";
import { Runtime } from "./runtime";

// x ~ N(0, 1); y = 2x + N(0, 1); c ~ categorical depending on x's sign.
const spec: ModelSpec = {
  name: "linear",
  variables: [
    { name: "x", latent: false, parents: [], mechanism: () => normal(0, 1) },
    { name: "y", latent: false, parents: ["x"], mechanism: ({ x }) => normal(2 * x, 1) },
    { name: "c", latent: true, parents: ["x"], mechanism: ({ x }) => categorical(x > 0 ? [0.6, 0.3, 0.1] : [0.1, 0.3, 0.6]) },
  ],
};
const runtime = () => new Runtime(spec.variables.map((v) => v.name));

describe("Runtime", () => {
  it("runs handlers innermost first and postprocess in reverse, once per site per batch", () => {
    const log: string[] = [];
    const h = (name: string): Handler => ({ process: (m) => log.push(`${name}.process ${m.name}`), postprocess: (m) => log.push(`${name}.post ${m.name}`) });
    const rt = runtime();
    rt.run([new SeedHandler(createRng(1)), h("outer"), h("inner")], () => runModel(rt, { ...spec, variables: spec.variables.slice(0, 1) }, 1000));
    expect(log).toEqual(["inner.process x", "outer.process x", "outer.post x", "inner.post x"]);
  });

  it("pops the handler stack even when a site throws", () => {
    const rt = runtime();
    const boom: Handler = { process: () => { throw new Error("boom"); } };
    expect(() => rt.run([new SeedHandler(createRng(1)), boom], () => runModel(rt, spec, 10))).toThrow("boom");
    expect(rt.depth).toBe(0);
  });

  it("refuses to sample without a seed handler (randomness is explicit)", () => {
    const rt = runtime();
    expect(() => runModel(rt, spec, 10)).toThrow(/seed handler/);
  });

  it("same seed, same trace; trace records every site", () => {
    const go = () => { const rt = runtime(), tr = new TraceHandler(); rt.run([new SeedHandler(createRng(3)), tr], () => runModel(rt, spec, 50)); return tr; };
    const a = go(), b = go();
    expect([...a.sites.keys()].length).toBe(3);
    expect(Array.from(a.get(FACTUAL, "y")!.value)).toEqual(Array.from(b.get(FACTUAL, "y")!.value));
  });

  it("do cuts the mechanism; condition weights by the likelihood", () => {
    const rt = runtime();
    const { worlds, logWeight } = rt.run([new SeedHandler(createRng(1)), new ScoreHandler(), new ConditionHandler({ y: 1 }), new DoHandler({ x: 0.5 })], () => runModel(rt, spec, 4));
    expect(Array.from(worlds[FACTUAL].x)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(worlds[FACTUAL].y)).toEqual([1, 1, 1, 1]);
    const expected = normal(1, 1).logProb(1);
    for (const w of logWeight) expect(w).toBeCloseTo(expected, 12);
  });

  it("block hides sites from outer handlers only", () => {
    const rt = runtime(), outer = new TraceHandler(), inner = new TraceHandler();
    rt.run([outer, new BlockHandler((m: SiteMessage) => m.type === "sample" && m.variable.latent), new SeedHandler(createRng(1)), inner], () => runModel(rt, spec, 5));
    expect([...outer.sites.values()].map((s) => s.name)).toEqual(["x", "y"]);
    expect([...inner.sites.values()].map((s) => s.name)).toEqual(["x", "y", "c"]);
  });

  it("replay reuses values, or only the noise (re-running mechanisms)", () => {
    const rt = runtime(), first = new TraceHandler();
    const base = rt.run([new SeedHandler(createRng(5)), first, new NoiseRecordHandler()], () => runModel(rt, spec, 100));
    const again = rt.run([new SeedHandler(createRng(99)), new ReplayHandler(first)], () => runModel(rt, spec, 100));
    expect(Array.from(again.worlds[FACTUAL].y)).toEqual(Array.from(base.worlds[FACTUAL].y));
    const shifted = rt.run([new SeedHandler(createRng(99)), new NoiseReplayHandler(first), new DoHandler({ x: 0 })], () => runModel(rt, spec, 100));
    // y = 2x + eps with eps replayed: under do(x = 0), y' = y - 2x exactly.
    shifted.worlds[FACTUAL].y.forEach((y, i) => expect(y).toBeCloseTo(base.worlds[FACTUAL].y[i] - 2 * base.worlds[FACTUAL].x[i], 12));
  });

  it("multi-world: unaffected sites equal the factual ones; affected ones re-use the abducted noise", () => {
    const rt = runtime();
    const mw = new MultiWorldHandler({ cf: { x: 0 } }, new Map([["cf", new Set(["x", "y", "c"])]]));
    const out = rt.run([new SeedHandler(createRng(7)), new ScoreHandler(), new ConditionHandler({ y: 3, c: 2 }), mw], () => runModel(rt, spec, 200, [FACTUAL, "cf"]));
    const f = out.worlds[FACTUAL], cf = out.worlds.cf;
    cf.y.forEach((y, i) => expect(y).toBeCloseTo(3 - 2 * f.x[i], 12));
    // counterfactual stability: c = 2 was observed with x's probabilities; when x <= 0 in both worlds c stays 2.
    f.x.forEach((x, i) => { if (x <= 0) expect(cf.c[i]).toBe(2); });
  });
});

describe("mechanism evaluation", () => {
  it("passes only declared parents and fills the column row by row", () => {
    const seen: number[] = [];
    const s: ModelSpec = { name: "s", variables: [
      { name: "a", latent: false, parents: [], mechanism: () => bernoulli(0.5) },
      { name: "b", latent: false, parents: ["a"], mechanism: (p) => { seen.push(Object.keys(p).length); return bernoulli(p.a ? 1 : 0); } },
    ] };
    const rt = new Runtime(["a", "b"]);
    const { worlds } = rt.run([new SeedHandler(createRng(1))], () => runModel(rt, s, 64));
    expect(Array.from(worlds[FACTUAL].b)).toEqual(Array.from(worlds[FACTUAL].a));
    expect(new Set(seen)).toEqual(new Set([1]));
    expect(seen.length).toBe(64);
  });
});
