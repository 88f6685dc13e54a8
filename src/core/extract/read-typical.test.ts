// readTypical: the mean a mechanism's distribution has, read from the syntax tree, checked against
// closed forms and against the families' own samplers (fixed seed); what it cannot tell is undefined.
import { describe, expect, it } from "vitest";
import { beta, bernoulli, categorical, gamma, logNormal, normal, poisson, uniform, type Distribution } from "causal-studio";
import { createRng } from "../random/rng";
import { extractModels } from "./extract-models";

function typicals(body: string): Record<string, number | undefined> {
  const text = `import { scm, bernoulli, categorical, normal, logNormal, uniform, beta, gamma, poisson, delta, sigmoid, linearGaussian } from "causal-studio";\nexport default scm("m")${body};\n`;
  const { models } = extractModels(text, "m.causal.ts");
  return Object.fromEntries(models[0].variables.map((v) => [v.name, v.typical]));
}

/** The sample mean of `n` draws (seed 7) and its standard error. */
function sampleMean(d: Distribution<number>, n = 200_000): { mean: number; se: number } {
  const rng = createRng(7);
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = d.sample(rng);
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, se: Math.sqrt((s2 / n - mean * mean) / n) };
}

describe("readTypical", () => {
  it("gives each family's mean for literal arguments, as its own sampler finds it", () => {
    const t = typicals(`
      .variable("a", () => normal(170, 10))
      .variable("b", () => logNormal(0.5, 0.4))
      .variable("c", () => uniform(-5, 35))
      .variable("d", () => beta(2, 3))
      .variable("e", () => gamma(2, 4))
      .variable("f", () => poisson(3.5))
      .variable("g", () => bernoulli(0.3))
      .variable("h", () => categorical([0.2, 0.3, 0.5]))
      .variable("i", () => delta(4))`);
    const cases: [string, Distribution<number>][] = [["a", normal(170, 10)], ["b", logNormal(0.5, 0.4)], ["c", uniform(-5, 35)], ["d", beta(2, 3)],
      ["e", gamma(2, 4)], ["f", poisson(3.5)], ["g", bernoulli(0.3) as Distribution<number>], ["h", categorical([0.2, 0.3, 0.5]) as Distribution<number>]];
    for (const [name, d] of cases) {
      const { mean, se } = sampleMean(d);
      expect(Math.abs(t[name]! - mean), name).toBeLessThanOrEqual(4 * se);
    }
    // And the closed forms themselves.
    expect(t).toMatchObject({ a: 170, c: 15, d: 0.4, e: 0.5, f: 3.5, g: 0.3, i: 4 });
    expect(t.b).toBeCloseTo(Math.exp(0.5 + 0.08), 12);
    expect(t.h).toBeCloseTo(1.3, 12);
  });

  it("follows the parents: exact for a mean linear in them, a 0/1 parent weighting a conditional by its probability", () => {
    const t = typicals(`
      .variable("coin", () => bernoulli(0.25))
      .variable("height", ({ coin }) => normal(coin ? 180 : 165, 8))
      .variable("educ", () => normal(12, 2))
      .variable("wage", ({ educ, coin: c }) => normal(3 + 1.5 * educ - 2 * c, 1))
      .variable("count", ({ coin }) => poisson(coin ? 3 : 1))
      .variable("p", ({ educ }) => bernoulli(sigmoid((educ - 12) / 2)))
      .variable("sum", ({ wage, educ }) => delta(wage + educ))`);
    // E[height] = 0.25 * 180 + 0.75 * 165; E[wage] = 3 + 1.5 * 12 - 2 * 0.25; E[count] = 0.25 * 3 + 0.75 * 1.
    expect(t.height).toBe(168.75);
    expect(t.wage).toBe(20.5);
    expect(t.count).toBe(1.5);
    expect(t.p).toBe(0.5);
    expect(t.sum).toBe(32.5);
  });

  it("is undefined where the syntax does not tell: learned families, lookups, comparisons, unknown parents", () => {
    const t = typicals(`
      .variable("x", () => normal(0, 1))
      .variable("y", linearGaussian(({ x }) => ({ x })))
      .variable("z", ({ x }) => normal(x > 0 ? 1 : 0, 1))
      .variable("w", ({ y }) => normal(y, 1))
      .variable("v", ({ x }) => normal([1, 2][x], 1))`);
    expect(t).toEqual({ x: 0, y: undefined, z: undefined, w: undefined, v: undefined });
  });
});
