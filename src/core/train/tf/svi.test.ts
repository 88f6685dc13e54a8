// SVI with an amortised guide: on a one-factor linear-Gaussian model the learned loadings and noise
// sds match the truth (loadings up to one common sign), the negative ELBO falls; mlp children compile
// too; models outside the compiled class are errors that say why.
import { afterAll, describe, expect, it } from "vitest";
import { bernoulli } from "../../distributions/bernoulli";
import { normal } from "../../distributions/normal";
import { scm } from "../../dsl/scm";
import { linearGaussian } from "../../learned/linear-gaussian";
import { mlp } from "../../learned/mlp";
import { createRng } from "../../random/rng";
import { initBackend, tf } from "./backend";
import { trainSvi } from "./svi";

describe("trainSvi", () => {
  afterAll(async () => { await initBackend("cpu"); });

  it("a one-factor model: loadings within 0.1 of the truth up to sign, noise sds within 0.1, intercepts within 0.1; the negative ELBO falls", async () => {
    const a = [1, -0.8, 0.6, 1.2, 0.5], c = [0, 1, -1, 2, 0.5], sd = 0.5, n = 2000, rng = createRng(4);
    const z = Float64Array.from({ length: n }, () => rng.normal());
    const cols = new Map(a.map((aj, j) => [`x${j}`, Float64Array.from(z, (v) => c[j] + aj * v + sd * rng.normal())]));
    const m = scm("factor")
      .latent("z", () => normal(0, 1))
      .variable("x0", linearGaussian(({ z }) => ({ z })))
      .variable("x1", linearGaussian(({ z }) => ({ z })))
      .variable("x2", linearGaussian(({ z }) => ({ z })))
      .variable("x3", linearGaussian(({ z }) => ({ z })))
      .variable("x4", linearGaussian(({ z }) => ({ z })));
    const spec = m.spec();
    await initBackend("wasm");
    const before = tf.memory().numTensors;
    const r = await trainSvi(spec, cols, n, { epochs: 40, batch: 100, lr: 1e-2, seed: 1, backend: "wasm" });
    expect(r.backend).toBe("wasm");
    expect(tf.memory().numTensors).toBe(before);
    const coef = a.map((_, j) => r.params[`x${j}.coef`] as Float64Array);
    const sign = Math.sign(coef[0][1]);
    a.forEach((aj, j) => {
      expect(Math.abs(sign * coef[j][1] - aj), `loading of x${j}`).toBeLessThan(0.1);
      expect(Math.abs(coef[j][0] - c[j]), `intercept of x${j}`).toBeLessThan(0.1);
      expect(Math.abs((r.params[`x${j}.sd`] as number) - sd), `sd of x${j}`).toBeLessThan(0.1);
    });
    const first = r.history.slice(0, 3).reduce((s, v) => s + v, 0) / 3, last = r.history.slice(-5).reduce((s, v) => s + v, 0) / 5;
    expect(last).toBeLessThan(first - 0.5);
    // the guide's posterior mean tracks the true factor (up to the sign)
    const post = r.posterior(cols, n);
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) { sxy += post.loc[i] * z[i]; sxx += post.loc[i] ** 2; syy += z[i] ** 2; }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeGreaterThan(0.9);
  });

  it("mlp children of a latent compile and their negative ELBO falls", async () => {
    const n = 1000, rng = createRng(5);
    const z = Float64Array.from({ length: n }, () => rng.normal());
    const cols = new Map([["y", Float64Array.from(z, (v) => Math.tanh(2 * v) + 0.1 * rng.normal())], ["w", Float64Array.from(z, (v) => v + 0.3 * rng.normal())]]);
    const m = scm("nl").latent("z", () => normal(0, 1)).variable("y", mlp(({ z }) => ({ z }), { hidden: [16] })).variable("w", linearGaussian(({ z }) => ({ z })));
    const r = await trainSvi(m.spec(), cols, n, { epochs: 15, batch: 50, lr: 1e-2, seed: 2, backend: "wasm" });
    expect(r.history.at(-1)!).toBeLessThan(r.history[0] - 0.3);
    expect(r.params["y.w0"]).toBeInstanceOf(Float64Array);
  });

  it("latents that are not normal roots, and children that are not mlp/linearGaussian, are errors naming the variable", async () => {
    const cols = new Map([["x", Float64Array.of(1, 2)]]);
    const m1 = scm("b").latent("u", () => bernoulli(0.5)).variable("x", linearGaussian(({ u }) => ({ u })));
    await expect(trainSvi(m1.spec(), cols, 2, { backend: "cpu" })).rejects.toThrow(/latent "u" is not normal/);
    const m2 = scm("h").latent("u", () => normal(0, 1)).variable("x", ({ u }) => normal(u, 1));
    await expect(trainSvi(m2.spec(), cols, 2, { backend: "cpu" })).rejects.toThrow(/"x" is a hand-written mechanism/);
  });
});
