// Closed forms for a confounded linear-Gaussian SCM:
//   Z ~ N(0,1);  X = Z + U_x;  Y = 2X + 3Z + U_y;  U_x, U_y ~ N(0,1).
// E[Y | do(X=x)] = 2x;  E[Y | X=x] = 2x + 3 E[Z | X=x] = 3.5x;  ATE = 2;
// E[Y_{x'} | X=x, Y=y] = y + 2(x' - x) exactly (Y is additive in its noise);
// E[Y_{x'} | X=x] = 2x' + 3 E[Z | X=x] = 2x' + 1.5x.
import { describe, expect, it } from "vitest";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";

const m = scm("confounded linear")
  .latent("z", () => normal(0, 1))
  .variable("x", ({ z }) => normal(z, 1))
  .variable("y", ({ x, z }) => normal(2 * x + 3 * z, 1));

const within4se = (e: { value: number; standardError: number }, truth: number) => {
  expect(e.standardError).toBeGreaterThan(0);
  expect(Math.abs(e.value - truth)).toBeLessThan(4 * e.standardError);
};

const CLOSED = "closed form (Gaussian conditioning)";
const exactly = (e: { value: number; standardError: number; method: string }, truth: number) => {
  expect(e.method).toBe(CLOSED);
  expect(e.standardError).toBe(0);
  expect(e.value).toBeCloseTo(truth, 12);
};
const sampling = { method: "sampling" as const, samples: 50_000 };

describe("linear-Gaussian closed forms (issue 14, item 3): exact by Gaussian conditioning, and sampling agrees", () => {
  it("interventional mean E[Y | do(X=1)] = 2", () => {
    exactly(m.do({ x: 1 }).mean("y"), 2);
    const e = m.do({ x: 1 }).mean("y", { ...sampling, seed: 11 });
    expect(e.method).toBe("ancestral sampling");
    within4se(e, 2);
  });
  it("conditional mean E[Y | X=1] = 3.5", () => {
    exactly(m.condition({ x: 1 }).mean("y"), 3.5);
    const e = m.condition({ x: 1 }).mean("y", { ...sampling, seed: 12 });
    expect(e.method).toBe("likelihood weighting");
    expect(e.effectiveSampleSize).toBeGreaterThan(10_000);
    within4se(e, 3.5);
  });
  it("ATE = 2", () => {
    exactly(m.ate({ treatment: "x", outcome: "y", treated: 1, control: 0 }), 2);
    within4se(m.ate({ treatment: "x", outcome: "y", treated: 1, control: 0 }, { ...sampling, seed: 13 }), 2);
  });
  it("E[Y_{x'} | X=x, Y=y] = y + a(x' - x), exactly by additive-noise abduction", () => {
    exactly(m.counterfactual({ given: { x: 1, y: 4 }, do: { x: -0.5 } }).mean("y"), 4 + 2 * (-0.5 - 1));
    const e = m.counterfactual({ given: { x: 1, y: 4 }, do: { x: -0.5 } }).mean("y", { method: "sampling", samples: 2_000 });
    expect(e.method).toBe("multi-world likelihood weighting");
    expect(e.value).toBeCloseTo(4 + 2 * (-0.5 - 1), 10);
  });
  it("E[Y_{x'} | X=x] = 2x' + 1.5x (the confounder is abducted from x)", () => {
    exactly(m.counterfactual({ given: { x: 1 }, do: { x: 0 } }).mean("y"), 1.5);
    within4se(m.counterfactual({ given: { x: 1 }, do: { x: 0 } }).mean("y", { ...sampling, seed: 14 }), 1.5);
  });
  it("effect of treatment on the treated through two worlds: E[Y_1 - Y_0 | X = 1] = 2", () => {
    exactly(m.worlds({ t: { x: 1 }, c: { x: 0 } }).given({ x: 1 }).mean((w) => w.t.y - w.c.y), 2);
    const e = m.worlds({ t: { x: 1 }, c: { x: 0 } }).given({ x: 1 }).mean((w) => w.t.y - w.c.y, { method: "sampling", samples: 1_000 });
    expect(e.value).toBeCloseTo(2, 10);
    expect(e.standardError).toBeLessThan(1e-9);
  });
  it("an event's probability is not a linear target: exact inference still refuses it", () => {
    expect(() => m.prob({ y: 1 }, { method: "exact" })).toThrow(/exact inference is not possible/);
  });
});

describe("threshold events on a linear-Gaussian model are a normal tail at the closed-form mean and sd", () => {
  // Y | do(X=1) = 2 + 3Z + U_y ~ N(2, sqrt(9 + 1)).
  const upper = (z: number) => 0.5 * erfcLike(z / Math.SQRT2);
  /** erfc by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7): an independent check of the tail the engine computes. */
  function erfcLike(x: number): number {
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
    return x >= 0 ? y : 2 - y;
  }
  it("P(Y > 4 | do(X=1)) and P(Y <= 0 | do(X=1)), Y ~ N(2, sqrt(10))", async () => {
    const { answer } = await import("./answer");
    const q = (op: ">" | "<=", c: number) => answer(m, { kind: "single", counterfactual: false, do: { x: 1 }, given: {}, target: "y", threshold: { op, value: c } }, { seed: 1 });
    const a = q(">", 4), b = q("<=", 0);
    if (a.type !== "probability" || b.type !== "probability") throw new Error("expected probabilities");
    expect(a.estimate).toMatchObject({ method: CLOSED, standardError: 0 });
    expect(Math.abs(a.estimate.value - upper(2 / Math.sqrt(10)))).toBeLessThan(2e-7);
    expect(Math.abs(b.estimate.value - upper(2 / Math.sqrt(10)))).toBeLessThan(2e-7);
    // Sampling agrees within 4 standard errors.
    const s = answer(m, { kind: "single", counterfactual: false, do: { x: 1 }, given: {}, target: "y", threshold: { op: ">", value: 4 } }, { seed: 2, method: "sampling", samples: 50_000 });
    if (s.type !== "probability") throw new Error("expected a probability");
    within4se(s.estimate, a.estimate.value);
  });

  it("a far tail keeps its digits: P(Y > 2 + 9 sd | do(X=1)) = Q(9) = 1.1286e-19", async () => {
    const { answer } = await import("./answer");
    const a = answer(m, { kind: "single", counterfactual: false, do: { x: 1 }, given: {}, target: "y", threshold: { op: ">", value: 2 + 9 * Math.sqrt(10) } }, { seed: 1 });
    if (a.type !== "probability") throw new Error("expected a probability");
    expect(a.estimate.value / 1.1285884059538408e-19).toBeCloseTo(1, 8);
  });
});
