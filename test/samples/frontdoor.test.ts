// The front-door sample: interventional answers from the model agree with the front-door formula
// computed independently from the model's observational joint, and with Pearl's published values.
import { describe, expect, it } from "vitest";
import m from "../../samples/frontdoor/model.causal";

const joint = (x: number, z: number, y: number) => m.prob({ smoking: x, tar: z, cancer: y }).value;
const px = (x: number) => [0, 1].reduce((s, z) => s + joint(x, z, 0) + joint(x, z, 1), 0);
const pzGivenX = (z: number, x: number) => (joint(x, z, 0) + joint(x, z, 1)) / px(x);
const pyGivenXZ = (y: number, x: number, z: number) => joint(x, z, y) / (joint(x, z, 0) + joint(x, z, 1));

/** Front-door formula (Pearl 2009, eq. 3.42) from observational probabilities only. */
const frontdoor = (x: number) => [0, 1].reduce((s, z) => s + pzGivenX(z, x) * [0, 1].reduce((t, x2) => t + pyGivenXZ(1, x2, z) * px(x2), 0), 0);

describe("samples/frontdoor", () => {
  it("reproduces the observational table of Pearl's tobacco example", () => {
    expect(px(1)).toBeCloseTo(0.5, 14);
    expect(pzGivenX(1, 1)).toBeCloseTo(0.95, 14);
    expect(pzGivenX(1, 0)).toBeCloseTo(0.05, 14);
    expect(pyGivenXZ(1, 1, 0)).toBeCloseTo(0.1, 14);
    expect(pyGivenXZ(1, 1, 1)).toBeCloseTo(0.15, 14);
    expect(pyGivenXZ(1, 0, 0)).toBeCloseTo(0.9, 14);
    expect(pyGivenXZ(1, 0, 1)).toBeCloseTo(0.95, 14);
  });

  it("P(cancer | do(smoking)) equals the front-door formula: 0.5475 and 0.5025", () => {
    for (const x of [0, 1]) expect(m.do({ smoking: x }).prob({ cancer: 1 }).value).toBeCloseTo(frontdoor(x), 12);
    expect(frontdoor(1)).toBeCloseTo(0.5475, 12);
    expect(frontdoor(0)).toBeCloseTo(0.5025, 12);
    expect(m.ate({ treatment: "smoking", outcome: "cancer" }).value).toBeCloseTo(0.045, 12);
  });

  it("gives the README's counterfactual, confirmed by multi-world sampling", () => {
    const cf = m.counterfactual({ given: { smoking: 1, cancer: 1 }, do: { smoking: 0 } });
    const exact = cf.prob({ cancer: 1 });
    expect(exact.value).toBeCloseTo(0.05125 / 0.07375, 12);
    const s = cf.prob({ cancer: 1 }, { method: "sampling", samples: 50_000, seed: 8 });
    expect(Math.abs(s.value - exact.value)).toBeLessThan(4 * s.standardError);
  });
});
