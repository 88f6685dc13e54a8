// Image variables end to end on a 4 x 4 "bars" world whose truth is known: shape (left / right bar)
// and width (1 or 2 columns, depending on shape) draw the image, a 2-d nuisance latent draws nothing.
// The builder's spec and graph; the decoder's forward pass against a hand computation; training
// (counts for the factors, SVI for the image) driving the negative ELBO near 0 with no tensor left
// behind, the trainer's figure agreeing with an independent float64 evaluation; do() samples that
// draw the intervened bar; counterfactuals whose factors move by the mechanisms and whose pixels keep
// their abducted noise (an action that changes nothing returns the observed image exactly).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { extractModels } from "../extract/extract-models";
import { imageDecoder, imageProbabilities } from "../learned/image-decoder";
import { tabular } from "../learned/tabular";
import { createRng } from "../random/rng";
import { initBackend, tf } from "../train/tf/backend";
import { trainImageModel } from "../train/train-image-model";
import { trainModel } from "../train/train-model";
import { imageNegativeElbo, imageQuery } from "./image-query";

const W = 4, P = W * W;
// P(shape = 1) = 0.3; P(width = 1 | shape) = 0.2 for the left bar, 0.9 for the right
const P_SHAPE = [0.7, 0.3], P_WIDTH = [[0.8, 0.2], [0.1, 0.9]];

const model = () => scm("bars")
  .variable("shape", tabular(() => ({}), { levels: 2, featureLevels: {} }))
  .variable("width", tabular(({ shape }) => ({ shape }), { levels: 2, featureLevels: { shape: 2 } }))
  .latent("z", () => normal(0, 1), { size: 2 })
  .image("image", imageDecoder(({ shape, width, z }) => ({ shape, width, z }), { width: W, height: W, hidden: [24] }));

/** The true image: columns 0..width (left bar) or W-1-width..W-1 (right bar) on, every row. */
function bars(shape: number, width: number): Uint8Array {
  const out = new Uint8Array(P);
  for (let r = 0; r < W; r++) for (let c = 0; c <= width; c++) out[r * W + (shape === 0 ? c : W - 1 - c)] = 1;
  return out;
}

function dataset(n: number, seed: number) {
  const rng = createRng(seed), shape = new Float64Array(n), width = new Float64Array(n), images = new Uint8Array(n * P);
  for (let i = 0; i < n; i++) {
    shape[i] = rng.next() < P_SHAPE[1] ? 1 : 0;
    width[i] = rng.next() < P_WIDTH[shape[i]][1] ? 1 : 0;
    images.set(bars(shape[i], width[i]), i * P);
  }
  return { columns: { shape, width }, images: { image: images }, n };
}

describe("image variables: builder and graph", () => {
  it("the spec holds the vector latent and the image; the graph draws z and every factor into the image", () => {
    const m = model(), spec = m.spec();
    expect(spec.variables.map((v) => v.name)).toEqual(["shape", "width"]);
    expect(spec.vectorLatents).toEqual([expect.objectContaining({ name: "z", size: 2, mu: 0, sigma: 1 })]);
    expect(spec.images![0]).toMatchObject({ name: "image", latent: "z", inputs: [{ parent: "shape", kind: "one-hot", levels: 2 }, { parent: "width", kind: "one-hot", levels: 2 }, { parent: "z", kind: "vector", size: 2 }] });
    const g = m.graph();
    expect(g.nodes.map((n) => [n.id, !!n.latent])).toEqual([["shape", false], ["width", false], ["z", true], ["image", false]]);
    expect(g.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(["shape->image", "shape->width", "width->image", "z->image"]);
    // decoder [2 + 2 + 2, 24, 16] and guide [16 + 4, 24, 4]
    expect(m.params.map((p) => [p.name, (p.init as Float64Array).length])).toEqual([
      ["shape.cpt", 2], ["width.cpt", 4], ["image.w0", 6 * 24], ["image.b0", 24], ["image.w1", 24 * 16], ["image.b1", 16],
      ["image.guide.w0", 20 * 24], ["image.guide.b0", 24], ["image.guide.w1", 24 * 4], ["image.guide.b1", 4],
    ]);
  });

  it("static extraction reads the same graph from the text, without running it", () => {
    const text = `import { imageDecoder, normal, scm, tabular } from "causal-studio";
export default scm("bars")
  .variable("shape", tabular(() => ({}), { levels: 2, featureLevels: {} }))
  .latent("z", () => normal(0, 1), { size: 2 })
  .image("image", imageDecoder(({ shape, z }) => ({ shape, z }), { width: 4, height: 4 }));`;
    const r = extractModels(text);
    expect(r.diagnostics).toEqual([]);
    const g = r.models[0].graph;
    expect(g.nodes.map((n) => [n.id, !!n.latent])).toEqual([["shape", false], ["z", true], ["image", false]]);
    expect(g.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(["shape->image", "z->image"]);
  });

  it("refuses what the decoder cannot read, naming it", () => {
    const base = scm("m").variable("a", tabular(() => ({}), { levels: 2, featureLevels: {} })).latent("z", () => normal(0, 1), { size: 3 });
    expect(() => base.image("im", imageDecoder(({ a }) => ({ a }), { width: 2, height: 2 }))).toThrow(/exactly one vector latent/);
    expect(() => base.image("im", imageDecoder(({ a, z }) => ({ a: a + 1, z }), { width: 2, height: 2 }))).toThrow(/"a" is not an input returned unchanged/);
    expect(() => base.image("im", imageDecoder(({ a, z }) => ({ a, z }), { width: 0, height: 2 }))).toThrow(/width, height/);
    expect(() => base.image("a", imageDecoder(({ a, z }) => ({ a, z }), { width: 2, height: 2 }))).toThrow(/declares "a" twice/);
    expect(() => base.latent("u", () => normal(0, 1), { size: 0 })).toThrow(/size/);
    // a scalar mechanism reading the vector latent or the image
    const withImage = base.image("im", imageDecoder(({ a, z }) => ({ a, z }), { width: 2, height: 2 }));
    expect(() => withImage.variable("b", (({ z }: { z: number }) => normal(z, 1)) as never).spec()).toThrow(/a vector latent \(size 3\): only an image decoder may read it/);
    expect(() => withImage.variable("b", (({ im }: { im: number }) => normal(im, 1)) as never).spec()).toThrow(/an image: no mechanism may read one/);
    // trainModel cannot hold pixels in a table: it says which function can
    return expect(trainModel(withImage, { a: [0, 1] })).rejects.toThrow(/trainImageModel/);
  });

  it("the decoder's probabilities equal a hand computation of its MLP", () => {
    const m = model(), spec = m.spec(), im = spec.images![0];
    const params = Object.fromEntries(m.params.map((p) => [p.name, p.init]));
    const w0 = params["image.w0"] as Float64Array, b0 = params["image.b0"] as Float64Array, w1 = params["image.w1"] as Float64Array, b1 = params["image.b1"] as Float64Array;
    const z = [0.3, -1.2], x = [0, 1, 1, 0, ...z]; // shape 1, width 0, z
    const h = Array.from({ length: 24 }, (_, j) => Math.max(0, b0[j] + x.reduce((s, v, k) => s + v * w0[k * 24 + j], 0)));
    const want = Array.from({ length: P }, (_, j) => 1 / (1 + Math.exp(-(b1[j] + h.reduce((s, v, k) => s + v * w1[k * P + j], 0)))));
    const got = imageProbabilities(im, params, { shape: [1], width: [0] }, z, 1);
    want.forEach((p, j) => expect(got[j]).toBeCloseTo(p, 12));
  });
});

describe("image variables: training and queries", () => {
  let fitted: ReturnType<typeof model>;
  let trained: Awaited<ReturnType<typeof trainImageModel>>;
  const train = dataset(600, 1);
  beforeAll(async () => {
    await initBackend("cpu");
    const before = tf.memory().numTensors;
    trained = await trainImageModel(model(), train, { epochs: 60, batch: 50, lr: 1e-2, seed: 3, backend: "cpu" });
    expect(tf.memory().numTensors).toBe(before);
    fitted = model().withParams(trained.params);
  }, 120_000);
  afterAll(async () => { await initBackend("cpu"); });

  it("the factors' tables are the label counts and the negative ELBO falls below 0.5 nats per image (the images are a function of the labels)", () => {
    const count = (pred: (i: number) => boolean) => { let c = 0; for (let i = 0; i < train.n; i++) if (pred(i)) c++; return c; };
    const s = train.columns.shape, w = train.columns.width;
    const n1 = count((i) => s[i] === 1);
    expect((trained.params.get("shape.cpt") as Float64Array)[1]).toBeCloseTo(n1 / train.n, 10);
    expect((trained.params.get("width.cpt") as Float64Array)[3]).toBeCloseTo(count((i) => s[i] === 1 && w[i] === 1) / n1, 10);
    const h = trained.images[0].history;
    expect(h[0]).toBeGreaterThan(3);
    expect(trained.images[0].finalLoss).toBeLessThan(0.5);
    expect(trained.images[0].steps).toBe(60 * 12);
  });

  it("the trainer's negative ELBO agrees with an independent float64 evaluation of the same params (to the Monte Carlo error of one draw)", () => {
    const mine = imageNegativeElbo(fitted, train.columns, train.images.image, train.n, { samples: 8, seed: 5 });
    expect(Math.abs(mine - trained.images[0].finalLoss)).toBeLessThan(0.1 + 0.1 * mine);
    // and on fresh images from the same world (held out)
    const test = dataset(300, 2);
    expect(imageNegativeElbo(fitted, test.columns, test.images.image, test.n, { samples: 4, seed: 6 })).toBeLessThan(0.5);
  });

  it("do(shape = 1) draws right bars whose width follows P(width | shape = 1); do(shape = 1, width = 0) a one-column right bar", () => {
    const n = 2000, s = imageQuery(fitted).do({ shape: 1 }).sample(n, { seed: 7 });
    let wide = 0, right = 0;
    for (let i = 0; i < n; i++) {
      wide += s.columns.width[i];
      const truth = bars(1, s.columns.width[i]);
      let agree = 0;
      for (let j = 0; j < P; j++) agree += s.pixels[i * P + j] === truth[j] ? 1 : 0;
      if (agree === P) right++;
    }
    const p = (trained.params.get("width.cpt") as Float64Array)[3];
    expect(Math.abs(wide / n - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / n));
    expect(right / n).toBeGreaterThan(0.97);
    const held = imageQuery(fitted).do({ shape: 1, width: 0 }).sample(200, { seed: 8 });
    const mean = new Float64Array(P);
    for (let i = 0; i < 200; i++) for (let j = 0; j < P; j++) mean[j] += held.probabilities[i * P + j] / 200;
    bars(1, 0).forEach((t, j) => expect(Math.abs(mean[j] - t)).toBeLessThan(0.05));
  });

  it("a counterfactual: the observed left bar, had it been a right bar; width moves by its mechanism unless held; an idle action returns the image exactly", () => {
    const observed = bars(0, 1);
    const q = imageQuery(fitted);
    // P(width_cf = 1 | width = 1, shape = 0, do(shape = 1)) under Gumbel-max for two levels: the
    // counterfactual keeps width = 1 whenever the right bar's P(width = 1) is at least the left's
    const cf = q.counterfactual({ given: { shape: 0, width: 1 }, image: observed, do: { shape: 1 }, samples: 200, seed: 9 });
    expect(cf.worlds.columns.shape.every((v) => v === 1)).toBe(true);
    expect(cf.worlds.columns.width.every((v) => v === 1)).toBe(true);
    bars(1, 1).forEach((t, j) => expect(Math.abs(cf.mean[j] - t)).toBeLessThan(0.05));
    bars(0, 1).forEach((t, j) => expect(Math.abs(cf.reconstruction[j] - t)).toBeLessThan(0.05));
    // the narrow left bar, had it been a right bar: P(width = 1 | right) = 0.9 > 0.2 = P(width = 1 | left),
    // so the counterfactual width is 1 with probability (0.9 - 0.2) / 0.8 = 0.875 (monotone coupling)
    const narrow = q.counterfactual({ given: { shape: 0, width: 0 }, image: bars(0, 0), do: { shape: 1 }, samples: 2000, seed: 10 });
    const cpt = trained.params.get("width.cpt") as Float64Array;
    const want = (cpt[3] - cpt[1]) / cpt[0];
    const got = narrow.worlds.columns.width.reduce((a, b) => a + b, 0) / 2000;
    expect(Math.abs(got - want)).toBeLessThan(4 * Math.sqrt(want * (1 - want) / 2000) + 0.01);
    const idle = q.counterfactual({ given: { shape: 0, width: 1 }, image: observed, do: { shape: 0 }, samples: 50, seed: 11 });
    for (let i = 0; i < 50; i++) expect(Array.from(idle.worlds.pixels.subarray(i * P, (i + 1) * P))).toEqual(Array.from(observed));
  });

  it("refuses a counterfactual without every factor the decoder reads, or with a malformed image", () => {
    const q = imageQuery(fitted);
    expect(() => q.counterfactual({ given: { shape: 0 }, image: bars(0, 0), do: { shape: 1 } })).toThrow(/lacks width/);
    expect(() => q.counterfactual({ given: { shape: 0, width: 0 }, image: new Uint8Array(3), do: { shape: 1 } })).toThrow(/4 x 4 = 16 pixels/);
    expect(() => q.do({ nope: 1 })).toThrow(/nope/);
    // the scalar queries say what an image or a vector latent is, rather than "not a variable"
    expect(() => fitted.do({ image: 1 } as never)).toThrow(/"image", an image of model "bars": query it with imageQuery/);
    expect(() => fitted.do({ z: 0 } as never)).toThrow(/"z", a vector latent of model "bars", which only its image decoder reads/);
  });
});
