// Published numbers: Pearl's firing squad (Causality 2009, §7.1.2), the kidney-stone data of
// Charig et al. (1986) behind Simpson's paradox, and probabilities of causation (Tian & Pearl 2000).
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { categorical } from "../distributions/categorical";
import { delta } from "../distributions/delta";
import { scm } from "../dsl/scm";

describe("firing squad (Pearl 2009, §7.1.2)", () => {
  // U: court order (p), W: rifleman A's nervousness (q). C = U, A = C or W, B = C, D = A or B.
  const p = 0.7, q = 0.2;
  const squad = scm("firing squad")
    .latent("U", () => bernoulli(p))
    .latent("W", () => bernoulli(q))
    .variable("C", ({ U }) => delta(U))
    .variable("A", ({ C, W }) => delta(C || W ? 1 : 0))
    .variable("B", ({ C }) => delta(C))
    .variable("D", ({ A, B }) => delta(A || B ? 1 : 0));

  it("P(D) = 1 - (1-p)(1-q)", () => {
    expect(squad.prob({ D: 1 }).value).toBeCloseTo(1 - (1 - p) * (1 - q), 14);
  });
  it("deterministic case: the prisoner is dead, had A not shot he would be dead anyway (prob 1) when q = 0", () => {
    const det = scm("firing squad q=0")
      .latent("U", () => bernoulli(p))
      .variable("C", ({ U }) => delta(U))
      .variable("A", ({ C }) => delta(C))
      .variable("B", ({ C }) => delta(C))
      .variable("D", ({ A, B }) => delta(A || B ? 1 : 0));
    const e = det.counterfactual({ given: { D: 1 }, do: { A: 0 } }).prob({ D: 1 });
    expect(e.method).toBe("twin-network variable elimination");
    expect(e.value).toBe(1);
  });
  it("P(alive had A not shot | dead) = q(1-p) / (1 - (1-p)(1-q))", () => {
    const truth = (q * (1 - p)) / (1 - (1 - p) * (1 - q));
    const cf = squad.counterfactual({ given: { D: 1 }, do: { A: 0 } });
    expect(cf.prob({ D: 0 }).value).toBeCloseTo(truth, 14);
    const s = cf.prob({ D: 0 }, { method: "sampling", samples: 60_000, seed: 5 });
    expect(Math.abs(s.value - truth)).toBeLessThan(4 * s.standardError);
  });
});

describe("kidney stones (Charig et al. 1986): Simpson's paradox", () => {
  // stone: 1 = large; treatment: 1 = A (open surgery), 0 = B (PCNL); success counts per stratum.
  const counts = { small: { A: [81, 87], B: [234, 270] }, large: { A: [192, 263], B: [55, 80] } };
  const nSmall = 87 + 270, nLarge = 263 + 80, n = nSmall + nLarge;
  const rate = (s: "small" | "large", t: "A" | "B") => counts[s][t][0] / counts[s][t][1];
  const kidney = scm("kidney stones")
    .variable("stone", () => bernoulli(nLarge / n))
    .variable("treatment", ({ stone }) => bernoulli(stone ? 263 / nLarge : 87 / nSmall))
    .variable("success", ({ stone, treatment }) => bernoulli(rate(stone ? "large" : "small", treatment ? "A" : "B")));

  it("reproduces the published rates: A 78% vs B 83% overall, A better in both strata", () => {
    expect(kidney.condition({ treatment: 1 }).prob({ success: 1 }).value).toBeCloseTo(273 / 350, 12);
    expect(kidney.condition({ treatment: 0 }).prob({ success: 1 }).value).toBeCloseTo(289 / 350, 12);
    expect(kidney.condition({ treatment: 1, stone: 0 }).prob({ success: 1 }).value).toBeCloseTo(81 / 87, 12); // 93%
    expect(kidney.condition({ treatment: 0, stone: 0 }).prob({ success: 1 }).value).toBeCloseTo(234 / 270, 12); // 87%
    expect(kidney.condition({ treatment: 1, stone: 1 }).prob({ success: 1 }).value).toBeCloseTo(192 / 263, 12); // 73%
    expect(kidney.condition({ treatment: 0, stone: 1 }).prob({ success: 1 }).value).toBeCloseTo(55 / 80, 12); // 69%
  });
  it("the interventional effect is the back-door adjustment over stone size and favours A", () => {
    const adjusted = (t: "A" | "B") => rate("small", t) * (nSmall / n) + rate("large", t) * (nLarge / n);
    const ate = kidney.ate({ treatment: "treatment", outcome: "success" });
    expect(kidney.do({ treatment: 1 }).prob({ success: 1 }).value).toBeCloseTo(adjusted("A"), 12);
    expect(ate.value).toBeCloseTo(adjusted("A") - adjusted("B"), 12);
    expect(ate.value).toBeGreaterThan(0.05);
  });
  it("the paradox in the engine's own answers: observed A - B is negative, the effect is positive", () => {
    // Brute-force Bayes over the 8 joint states (not the engine's elimination): P(success = 1 | treatment = t).
    const pStone = (st: number) => (st ? nLarge / n : nSmall / n);
    const pTreat = (t: number, st: number) => { const a = st ? 263 / nLarge : 87 / nSmall; return t ? a : 1 - a; };
    const pSuccess = (y: number, st: number, t: number) => { const r = rate(st ? "large" : "small", t ? "A" : "B"); return y ? r : 1 - r; };
    const observed = (t: number) => {
      let num = 0, den = 0;
      for (const st of [0, 1]) for (const y of [0, 1]) {
        const joint = pStone(st) * pTreat(t, st) * pSuccess(y, st, t);
        den += joint;
        if (y) num += joint;
      }
      return num / den;
    };
    const difference = kidney.condition({ treatment: 1 }).prob({ success: 1 }).value - kidney.condition({ treatment: 0 }).prob({ success: 1 }).value;
    expect(difference).toBeCloseTo(observed(1) - observed(0), 12);
    expect(difference).toBeCloseTo(-0.0457, 4); // 78.0% - 82.6%, the published overall rates
    const effect = kidney.do({ treatment: 1 }).prob({ success: 1 }).value - kidney.do({ treatment: 0 }).prob({ success: 1 }).value;
    expect(effect).toBeCloseTo(0.0537, 4); // 83.3% - 77.9% after adjusting for stone size
    expect(Math.sign(difference)).toBe(-Math.sign(effect));
  });
});

describe("probabilities of causation (Tian & Pearl 2000; Pearl 2009 §9)", () => {
  const px = 0.4, p1 = 0.8, p0 = 0.3;
  const exo = scm("exogenous treatment")
    .variable("x", () => bernoulli(px))
    .variable("y", ({ x }) => bernoulli(x ? p1 : p0));

  it("under monotonicity (threshold coupling) PNS = P(y|do(x)) - P(y|do(x'))", () => {
    const pns = exo.worlds({ t: { x: 1 }, c: { x: 0 } }).prob((w) => w.t.y === 1 && w.c.y === 0);
    expect(pns.value).toBeCloseTo(p1 - p0, 14);
  });
  it("PN = (P(y|x) - P(y|x')) / P(y|x) and PS = (P(y|x) - P(y|x')) / (1 - P(y|x')) under exogeneity", () => {
    expect(exo.counterfactual({ given: { x: 1, y: 1 }, do: { x: 0 } }).prob({ y: 0 }).value).toBeCloseTo((p1 - p0) / p1, 14);
    expect(exo.counterfactual({ given: { x: 0, y: 0 }, do: { x: 1 } }).prob({ y: 1 }).value).toBeCloseTo((p1 - p0) / (1 - p0), 14);
  });
  it("with declared non-monotone response-type noise, PNS is the 'helped' share and lies within the Tian-Pearl bounds", () => {
    // response types: 0 never, 1 always, 2 helped (y = x), 3 hurt (y = 1 - x)
    const r = [0.15, 0.25, 0.45, 0.15];
    const types = scm("response types")
      .latent("type", () => categorical(r))
      .variable("x", () => bernoulli(px))
      .variable("y", ({ type, x }) => delta(type === 0 ? 0 : type === 1 ? 1 : type === 2 ? x : 1 - x));
    const pns = types.worlds({ t: { x: 1 }, c: { x: 0 } }).prob((w) => w.t.y === 1 && w.c.y === 0).value;
    expect(pns).toBeCloseTo(r[2], 14);
    const py1 = types.do({ x: 1 }).prob({ y: 1 }).value, py0 = types.do({ x: 0 }).prob({ y: 1 }).value;
    expect(py1).toBeCloseTo(r[1] + r[2], 14);
    expect(pns).toBeGreaterThanOrEqual(Math.max(0, py1 - py0) - 1e-12);
    expect(pns).toBeLessThanOrEqual(Math.min(py1, 1 - py0) + 1e-12);
    expect(pns).toBeGreaterThan(py1 - py0 + 0.1); // not monotone: the lower bound is not attained
  });
});
