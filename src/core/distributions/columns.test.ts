// Every family's column form against its scalar form, row by row: the same distribution at each
// row, the same log-probabilities, and the same draws (and noise) from the same seed.
import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng";
import type { BatchDistribution } from "./batch-distribution";
import { Bernoulli, bernoulliColumns } from "./bernoulli";
import { Beta, betaColumns } from "./beta";
import { Categorical, categoricalColumns } from "./categorical";
import { Delta, deltaColumns } from "./delta";
import { type Distribution, noiseColumns } from "./distribution";
import { Gamma, gammaColumns } from "./gamma";
import { LogNormal, logNormalColumns } from "./log-normal";
import { Normal, normalColumns } from "./normal";
import { Poisson, poissonColumns } from "./poisson";
import { Uniform, uniformColumns } from "./uniform";

const n = 200;
const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
const cases: [string, BatchDistribution, (i: number) => Distribution][] = [
  ["normal", normalColumns(col((i) => i / 10 - 5), col((i) => 0.5 + (i % 7) / 3)), (i) => new Normal(i / 10 - 5, 0.5 + (i % 7) / 3)],
  ["normal, one sigma", normalColumns(col((i) => i / 10), 2), (i) => new Normal(i / 10, 2)],
  ["bernoulli", bernoulliColumns(col((i) => (i % 11) / 10)), (i) => new Bernoulli((i % 11) / 10)],
  ["logNormal", logNormalColumns(col((i) => i / 100), 0.3), (i) => new LogNormal(i / 100, 0.3)],
  ["beta", betaColumns(col((i) => 0.5 + (i % 5)), 2), (i) => new Beta(0.5 + (i % 5), 2)],
  ["gamma", gammaColumns(2, col((i) => 0.1 + i / 50)), (i) => new Gamma(2, 0.1 + i / 50)],
  ["poisson", poissonColumns(col((i) => i / 20)), (i) => new Poisson(i / 20)],
  ["uniform", uniformColumns(col((i) => -i), col((i) => i + 1)), (i) => new Uniform(-i, i + 1)],
  ["delta", deltaColumns(col((i) => i % 3)), (i) => new Delta(i % 3)],
  ["categorical", categoricalColumns(Float64Array.from({ length: 3 * n }, (_, j) => [0.2, 0.3, 0.5][(j + Math.floor(j / 3)) % 3]), 3), (i) => new Categorical([0, 1, 2].map((j) => [0.2, 0.3, 0.5][(3 * i + j + i) % 3]))],
];

describe("column forms of every family", () => {
  it.each(cases)("%s: rows, log-probabilities, draws and noise equal the scalar family's", (_name, batch, scalar) => {
    expect(batch.size).toBe(n);
    const x = new Float64Array(n), lp = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      expect(batch.at(i).describe()).toBe(scalar(i).describe());
      x[i] = scalar(i).sample(createRng(i + 1));
    }
    batch.logProb(x, lp);
    for (let i = 0; i < n; i++) expect(lp[i]).toBe(scalar(i).logProb(x[i]));
    const a = new Float64Array(n), rng = createRng(5), rng2 = createRng(5);
    batch.sample(rng, a);
    for (let i = 0; i < n; i++) expect(a[i]).toBe(scalar(i).sample(rng2));
    const noise = noiseColumns(n), viaNoise = new Float64Array(n), pushed = new Float64Array(n);
    batch.drawNoise(createRng(9), noise, viaNoise);
    batch.pushNoise(noise, createRng(10), pushed);
    expect(Array.from(pushed)).toEqual(Array.from(viaNoise));
  });
  it("an invalid entry names the family, the parameter and its row", () => {
    expect(() => poissonColumns(Float64Array.from([1, 2, -1]))).toThrow("poisson: parameter rate[2] = -1 is invalid; the rate must be non-negative and finite");
    expect(() => uniformColumns(Float64Array.from([0, 5]), Float64Array.from([1, 4]))).toThrow("uniform: parameter b[1] = 4 is invalid; the upper bound must be finite and greater than a = 5");
    expect(() => categoricalColumns(Float64Array.from([0.5, 0.5, 0.9, 0.2]), 2)).toThrow(/row 1: categorical: parameter probs = \[0.9, 0.2\] is invalid; the probabilities sum to 1.1/);
    expect(() => normalColumns(Float64Array.from([0, 1]), Float64Array.from([1, 1, 1]))).toThrow(/same length/);
  });
});
