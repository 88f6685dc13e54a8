import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { WeightedMean } from "./weighted-mean";

describe("WeightedMean", () => {
  it("is the sample mean with SE = sd/sqrt(n) when weights are equal", () => {
    const acc = new WeightedMean(), xs = [1, 2, 3, 4, 10];
    for (const x of xs) acc.add(x, 0);
    const r = acc.result("m", false);
    const m = 4, sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
    expect(r.value).toBeCloseTo(m, 12);
    expect(r.standardError).toBeCloseTo(sd / Math.sqrt(xs.length), 12);
  });
  it("matches the direct self-normalised formulas and survives huge log weights", () => {
    const acc = new WeightedMean(), fs = [0, 1, 1, 0, 1], lw = [1000, 1001, 999, 1000.5, 998];
    fs.forEach((f, i) => acc.add(f, lw[i]));
    const w = lw.map((l) => Math.exp(l - 1001)), sw = w.reduce((a, b) => a + b, 0);
    const mean = w.reduce((s, wi, i) => s + wi * fs[i], 0) / sw;
    const se = Math.sqrt(w.reduce((s, wi, i) => s + wi * wi * (fs[i] - mean) ** 2, 0)) / sw;
    const r = acc.result("lw", true);
    expect(r.value).toBeCloseTo(mean, 12);
    expect(r.standardError).toBeCloseTo(se, 12);
    expect(r.effectiveSampleSize).toBeCloseTo(sw ** 2 / w.reduce((s, x) => s + x * x, 0), 9);
  });
  it("reports impossible evidence when every weight is zero", () => {
    const acc = new WeightedMean();
    acc.add(1, -Infinity);
    expect(() => acc.result("lw", true)).toThrow(CausalError);
  });
});
