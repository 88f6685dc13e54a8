// poolBatches against one pass over all the samples (plain Monte Carlo pools exactly) and
// against the independent-batches variance formula (likelihood weighting).
import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng";
import { WeightedMean } from "../infer/weighted-mean";
import { CausalError, error } from "../errors/diagnostic";
import { poolBatches } from "./pool-batches";

const draws = (seed: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.normal() * 2 + 1);
};

describe("poolBatches", () => {
  it("pools plain Monte Carlo batches into exactly the one-pass mean and standard error", () => {
    const xs = draws(3, 1000);
    const sizes = [100, 250, 50, 600];
    const batches = [];
    let at = 0;
    for (const n of sizes) {
      const acc = new WeightedMean();
      for (const x of xs.slice(at, at + n)) acc.add(x, 0);
      batches.push(acc.result("ancestral sampling", false));
      at += n;
    }
    const all = new WeightedMean();
    for (const x of xs) all.add(x, 0);
    const one = all.result("ancestral sampling", false);
    const pooled = poolBatches(batches, true)!;
    expect(pooled.samples).toBe(1000);
    expect(pooled.value).toBeCloseTo(one.value, 12);
    expect(pooled.standardError).toBeCloseTo(one.standardError, 12);
  });

  it("averages weighted batches by size with SE^2 = sum (n_b/N)^2 s_b^2, and leaves out empty batches", () => {
    const b = (value: number, standardError: number, samples: number) => ({ value, standardError, samples, method: "likelihood weighting", effectiveSampleSize: samples / 2 });
    const empty = new CausalError(error("impossible-evidence", "all weights are 0"));
    const pooled = poolBatches([b(1, 0.1, 100), empty, b(2, 0.2, 300)], true)!;
    expect(pooled.value).toBeCloseTo(0.25 * 1 + 0.75 * 2, 12);
    expect(pooled.standardError).toBeCloseTo(Math.sqrt(0.25 ** 2 * 0.01 + 0.75 ** 2 * 0.04), 12);
    expect(pooled.effectiveSampleSize).toBe(200);
    expect(poolBatches([empty], false)).toBeUndefined();
    expect(() => poolBatches([empty, empty], true)).toThrow(/all weights are 0/);
  });
});
