// trainModel on a model with a latent variable the data have no column for goes to SVI.
import { describe, expect, it } from "vitest";
import { normal } from "../../distributions/normal";
import { scm } from "../../dsl/scm";
import { linearGaussian } from "../../learned/linear-gaussian";
import { createRng } from "../../random/rng";
import { trainModel, type TrainProgress } from "../train-model";

describe("trainModel with a latent variable", () => {
  it("trains a three-indicator factor model by SVI: loadings near the truth up to sign, SVI progress, a warning that the log-likelihood is the ELBO", async () => {
    const a = [1.2, -0.9, 0.7], n = 1500, rng = createRng(8);
    const cols: Record<string, Float64Array> = {};
    const z = Float64Array.from({ length: n }, () => rng.normal());
    a.forEach((aj, j) => { cols[`x${j}`] = Float64Array.from(z, (v) => aj * v + 0.4 * rng.normal()); });
    const m = scm("f").latent("z", () => normal(0, 1))
      .variable("x0", linearGaussian(({ z }) => ({ z })))
      .variable("x1", linearGaussian(({ z }) => ({ z })))
      .variable("x2", linearGaussian(({ z }) => ({ z })));
    const seen: TrainProgress[] = [];
    const r = await trainModel(m, cols, { epochs: 40, batch: 100, lr: 1e-2, seed: 3, backend: "wasm", onProgress: (p) => seen.push(p) });
    expect(r.mechanisms.map((q) => q.method)).toEqual(["SVI"]);
    expect(r.backend).toBe("wasm");
    expect(seen.length).toBe(40);
    expect(seen.every((p) => p.method === "SVI")).toBe(true);
    expect(r.warnings?.[0]).toMatch(/latent "z" had no column.*ELBO, a lower bound/);
    const coef = a.map((_, j) => r.params.get(`x${j}.coef`) as Float64Array);
    const s = Math.sign(coef[0][1]);
    a.forEach((aj, j) => expect(Math.abs(s * coef[j][1] - aj), `loading ${j}`).toBeLessThan(0.12));
  });

  it("trains a root linearGaussian with no features beside a latent (its mean and sd, no crash on an empty feature list)", async () => {
    // Regression: SVI concatenated the empty feature list of a featureless root ("Pass at least one tensor to concat").
    const n = 1500, rng = createRng(9);
    const z = Float64Array.from({ length: n }, () => rng.normal());
    const cols: Record<string, Float64Array> = { r: Float64Array.from({ length: n }, () => 2 + 0.5 * rng.normal()) };
    [1.1, -0.8, 0.6].forEach((aj, j) => { cols[`x${j}`] = Float64Array.from(z, (v) => aj * v + 0.4 * rng.normal()); });
    const m = scm("f").latent("z", () => normal(0, 1))
      .variable("r", linearGaussian(() => ({})))
      .variable("x0", linearGaussian(({ z }) => ({ z })))
      .variable("x1", linearGaussian(({ z }) => ({ z })))
      .variable("x2", linearGaussian(({ z }) => ({ z })));
    const r = await trainModel(m, cols, { epochs: 60, batch: 100, lr: 2e-2, seed: 3, backend: "wasm" });
    const mean = cols.r.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(cols.r.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    // The closed forms are the sample mean and sd; Adam's 900 steps end within 0.05 of them (the mean's own SE is 0.013).
    expect(Math.abs((r.params.get("r.coef") as Float64Array)[0] - mean)).toBeLessThan(0.05);
    expect(Math.abs((r.params.get("r.sd") as number) - sd)).toBeLessThan(0.05);
  });
});
