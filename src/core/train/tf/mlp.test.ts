// Adam training of mlp mechanisms with TensorFlow.js: learns sin(x) to within the noise, is
// reproducible from its seed, leaks no tensors, stops, checkpoints and resumes; and its forward pass
// is the plain-JS one of core/learned (the layout of model-spec.ts).
import { afterAll, describe, expect, it } from "vitest";
import { glorotInit, mlpForward, mlpLayers } from "../../learned/mlp";
import { createRng } from "../../random/rng";
import type { LearnedSpec } from "../../runtime/model-spec";
import { initBackend, tf } from "./backend";
import { type MlpData, mlpFeatures, mlpForwardTf, type MlpProgress, trainMlp } from "./mlp";

function spec(hidden: number[], likelihood: "normal" | "bernoulli" | "categorical" = "normal", d = 1, levels?: number): LearnedSpec {
  const L = hidden.length + 1;
  return {
    family: "mlp", features: Array.from({ length: d }, (_, j) => `x${j}`), featureParents: Array.from({ length: d }, (_, j) => `x${j}`),
    featuresOf: (p) => Float64Array.from({ length: d }, (_, j) => p[`x${j}`]), hidden, activation: "tanh", likelihood, ...(levels ? { levels } : {}),
    params: { weights: Array.from({ length: L }, (_, i) => `y.w${i}`), biases: Array.from({ length: L }, (_, i) => `y.b${i}`) },
  };
}

function sinData(n: number, sd: number, seed: number): MlpData {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n }, () => -3 + 6 * rng.next());
  const y = Float64Array.from(x, (v) => Math.sin(v) + sd * rng.normal());
  return { name: "y", spec: spec([64, 64]), x, y, n, d: 1 };
}

const layersOf = (s: LearnedSpec, d: number) => mlpLayers(d, s);
const asArrays = (s: LearnedSpec, p: Record<string, Float64Array>) => ({ w: s.params.weights!.map((k) => p[k]), b: s.params.biases!.map((k) => p[k]) });

describe("trainMlp", () => {
  afterAll(async () => { await initBackend("cpu"); });

  it("learns y = sin(x) + noise: the fitted mean is within half the noise sd of sin(x) (RMSE over a grid), and the fitted scale near the noise sd", async () => {
    const sd = 0.1, data = sinData(3000, sd, 7);
    const r = await trainMlp(data, { epochs: 40, batch: 64, lr: 3e-3, seed: 1, backend: "wasm" });
    expect(r.backend).toBe("wasm");
    expect(r.steps).toBe(40 * Math.ceil(3000 / 64));
    const grid = Float64Array.from({ length: 121 }, (_, i) => -2.9 + (5.8 * i) / 120);
    const { w, b } = asArrays(data.spec, r.params);
    const out = mlpForward(grid, grid.length, layersOf(data.spec, 1), w, b, "tanh");
    let se = 0, scale = 0;
    for (let i = 0; i < grid.length; i++) {
      se += (out[2 * i] - Math.sin(grid[i])) ** 2;
      scale += Math.log1p(Math.exp(out[2 * i + 1])) + 1e-6;
    }
    const rmse = Math.sqrt(se / grid.length);
    // With 3,000 rows the estimation error of a smooth mean is a small fraction of sd; a fit that
    // missed the shape (a line: RMSE ~0.3) or underfit badly fails this.
    expect(rmse).toBeLessThan(sd / 2);
    expect(scale / grid.length).toBeGreaterThan(0.7 * sd);
    expect(scale / grid.length).toBeLessThan(1.4 * sd);
    // mean NLL near the noise's own entropy, 0.5 log(2 pi e sd^2) = -0.884
    expect(r.finalLoss).toBeLessThan(0.5 * Math.log(2 * Math.PI * Math.E * sd * sd) + 0.1);
  });

  for (const backend of ["cpu", "wasm"] as const) {
    it(`on ${backend}: the same data, seed and backend give identical params; another seed other params`, async () => {
      const data = { ...sinData(300, 0.1, 3), spec: spec([8, 8]) };
      const a = await trainMlp(data, { epochs: 3, batch: 32, seed: 5, backend });
      const b = await trainMlp(data, { epochs: 3, batch: 32, seed: 5, backend });
      const c = await trainMlp(data, { epochs: 3, batch: 32, seed: 6, backend });
      for (const k of Object.keys(a.params)) expect(Array.from(b.params[k])).toEqual(Array.from(a.params[k]));
      expect(Array.from(c.params["y.w0"])).not.toEqual(Array.from(a.params["y.w0"]));
    });

    it(`on ${backend}: tf.memory().numTensors is the same at the end of every epoch, and back to the start after training`, async () => {
      await initBackend(backend);
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      await trainMlp({ ...sinData(200, 0.1, 4), spec: spec([16]) }, { epochs: 5, batch: 16, seed: 1, backend, progressMs: 1e9, onProgress: (p) => { if (p.step % 13 === 0) counts.push(tf.memory().numTensors); } });
      expect(counts).toHaveLength(5);
      expect(new Set(counts).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("the TF forward pass equals the plain-JS Float64 forward of core/learned on the same params (relu and tanh, 3 features)", async () => {
    await initBackend("wasm");
    for (const activation of ["tanh", "relu"] as const) {
      const layers = [3, 5, 4, 2];
      const { weights, biases } = glorotInit(layers, 11);
      biases.forEach((bb, i) => bb.forEach((_, j) => { bb[j] = 0.1 * (j - i); }));
      const n = 9, rng = createRng(2);
      const x = Float64Array.from({ length: n * 3 }, () => rng.normal());
      const js = mlpForward(x, n, layers, weights, biases, activation);
      const t = tf.tidy(() => mlpForwardTf(tf.tensor2d(Float32Array.from(x), [n, 3]), weights.map((w, i) => tf.tensor2d(Float32Array.from(w), [layers[i], layers[i + 1]])), biases.map((bb) => tf.tensor1d(Float32Array.from(bb))), activation).dataSync());
      expect(t.length).toBe(js.length);
      for (let i = 0; i < js.length; i++) expect(Math.abs(t[i] - js[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(js[i])));
    }
  });

  it("bernoulli and categorical likelihoods learn their conditional probabilities", async () => {
    const rng = createRng(9), n = 2000;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const yb = Float64Array.from(x, (v) => (rng.next() < 1 / (1 + Math.exp(-2 * v)) ? 1 : 0));
    const rb = await trainMlp({ name: "y", spec: spec([8], "bernoulli"), x, y: yb, n, d: 1 }, { epochs: 20, batch: 100, seed: 1, backend: "wasm" });
    const pb = mlpForward(Float64Array.of(-1, 0, 1), 3, [1, 8, 1], asArrays(spec([8], "bernoulli"), rb.params).w, asArrays(spec([8], "bernoulli"), rb.params).b, "tanh");
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    expect(Math.abs(sig(pb[0]) - sig(-2))).toBeLessThan(0.07);
    expect(Math.abs(sig(pb[1]) - 0.5)).toBeLessThan(0.07);
    expect(Math.abs(sig(pb[2]) - sig(2))).toBeLessThan(0.07);
    // three levels: level = 0 below -0.5, 2 above 0.5, else 1 (deterministic): the NLL falls far below log 3
    const yc = Float64Array.from(x, (v) => (v < -0.5 ? 0 : v > 0.5 ? 2 : 1));
    const rc = await trainMlp({ name: "y", spec: spec([16], "categorical", 1, 3), x, y: yc, n, d: 1 }, { epochs: 20, batch: 100, seed: 1, backend: "wasm" });
    expect(rc.finalLoss).toBeLessThan(0.25 * Math.log(3));
  });

  it("shouldStop stops before the next step; checkpoints come every N steps and at the end; resuming starts from the given params", async () => {
    const data = { ...sinData(640, 0.1, 5), spec: spec([16, 16]) };
    const seen: number[] = [];
    const r = await trainMlp(data, { epochs: 4, batch: 64, seed: 2, backend: "wasm", checkpoint: { every: 15, write: (p, pr: MlpProgress) => { expect(Object.keys(p).sort()).toEqual(["y.b0", "y.b1", "y.b2", "y.w0", "y.w1", "y.w2"]); seen.push(pr.step); } } });
    expect(seen).toEqual([15, 30, 40]);
    let calls = 0;
    const s = await trainMlp(data, { epochs: 4, batch: 64, seed: 2, backend: "wasm", shouldStop: () => ++calls > 7 });
    expect(s.stopped).toBe(true);
    expect(s.steps).toBe(7);
    // resume with zero epochs returns the given params (to float32 precision); and a resumed run starts at the trained loss
    const again = await trainMlp(data, { epochs: 0, seed: 99, backend: "wasm", init: r.params });
    for (const k of Object.keys(r.params)) for (let i = 0; i < r.params[k].length; i++) expect(again.params[k][i]).toBeCloseTo(r.params[k][i], 6);
    expect(again.finalLoss).toBeCloseTo(r.finalLoss, 4);
    const fresh = await trainMlp(data, { epochs: 0, seed: 99, backend: "wasm" });
    expect(fresh.finalLoss).toBeGreaterThan(r.finalLoss + 0.3);
  });

  it("features from data columns: the parent columns directly, or featuresOf row by row for computed features", () => {
    const direct = spec([4], "normal", 2);
    const cols = new Map([["x0", Float64Array.of(1, 2)], ["x1", Float64Array.of(3, 4)]]);
    expect(Array.from(mlpFeatures(direct, ["x0", "x1"], cols, 2, "y"))).toEqual([1, 3, 2, 4]);
    const computed: LearnedSpec = { ...direct, features: ["s", "p"], featureParents: [undefined, undefined], featuresOf: (p) => Float64Array.of(p.x0 + p.x1, p.x0 * p.x1) };
    expect(Array.from(mlpFeatures(computed, ["x0", "x1"], cols, 2, "y"))).toEqual([4, 3, 6, 8]);
    expect(() => mlpFeatures(direct, ["x0", "x1"], new Map([["x0", Float64Array.of(1)]]), 1, "y")).toThrow(/needs the column "x1"/);
  });

  it("bad targets are errors that say which row and what the likelihood needs", async () => {
    await expect(trainMlp({ name: "c", spec: spec([4], "bernoulli"), x: Float64Array.of(0, 1), y: Float64Array.of(0, 2), n: 2, d: 1 }, { epochs: 1, backend: "cpu" })).rejects.toThrow(/row 2 is 2, but its bernoulli likelihood needs 0 or 1/);
  });
});
