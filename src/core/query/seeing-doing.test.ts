// Seeing beside doing (issue 12, item 8): the world plotted beside P(y | do(X = x), z) is the
// conditional P(y | X = x, z), not the marginal; the sparkline summaries are the descendants of the
// intervention only, from the answer's own seed and budget, so the target's summary IS the answer.
// Checked against an enumeration of the front-door sample's joint written out here and against the
// closed form of a linear-Gaussian model with an unobserved confounder.
import { describe, expect, it } from "vitest";
import frontdoor from "../../../samples/frontdoor/model.causal";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { answer } from "./answer";
import { meanOf, runQueryJob } from "./query-job";
import type { SingleQuerySpec } from "./query-spec";

/** P(cancer = 1 | smoking = s) and P(cancer = 1 | do(smoking = s)) by summing the sample's CPTs (its doc comment), no engine. */
function enumerate(s: number): { seeing: number; doing: number } {
  const pG = 0.5;
  const pS = (g: number) => (g ? 0.05 : 0.95);
  const pT = (x: number) => (x ? 0.95 : 0.05);
  const pC = (g: number, t: number) => (g ? 17 / 18 : 1 / 18) + 0.05 * t;
  const b = (p: number, v: number) => (v ? p : 1 - p);
  let joint = 0, evidence = 0, doing = 0;
  for (const g of [0, 1]) {
    for (const t of [0, 1]) {
      const pg = b(pG, g);
      joint += pg * b(pS(g), s) * b(pT(s), t) * pC(g, t);
      evidence += pg * b(pS(g), s) * b(pT(s), t);
      doing += pg * b(pT(s), t) * pC(g, t); // smoking's mechanism removed: genotype keeps its prior
    }
  }
  return { seeing: joint / evidence, doing };
}

const spec = (over: Partial<SingleQuerySpec> = {}): SingleQuerySpec => ({ kind: "single", counterfactual: false, do: { smoking: 0 }, given: {}, target: "cancer", ...over });
const p1 = (a: { type: string; rows?: { value: number; estimate: { value: number } }[] }) => a.rows?.find((r) => r.value === 1)?.estimate.value;

describe("seeing beside doing", () => {
  it("front-door: P(cancer | smoking = s) beside P(cancer | do(smoking = s)), exactly as enumerated and in the sample's README", async () => {
    const expected = { 0: { seeing: 0.9025, doing: 0.5025 }, 1: { seeing: 0.1475, doing: 0.5475 } } as const;
    for (const s of [0, 1] as const) {
      const e = enumerate(s);
      expect(e.seeing).toBeCloseTo(expected[s].seeing, 12);
      expect(e.doing).toBeCloseTo(expected[s].doing, 12);
      const r = await runQueryJob(frontdoor, { spec: spec({ do: { smoking: s } }), options: { seed: 1 }, declared: { cancer: "bernoulli", smoking: "bernoulli" }, comparison: true, ate: true });
      expect(p1(r.answer)).toBeCloseTo(e.doing, 12);
      expect(p1(r.comparison!)).toBeCloseTo(e.seeing, 12); // not the marginal P(cancer = 1) = 0.525
      expect(r.ate!.value).toBeCloseTo(0.045, 12); // the ATE still compares the two doing arms
    }
  });

  it("evidence is kept beside the seen value: P(cancer | smoking = 0, tar = 1) = 0.95 (the table's cancer rate)", async () => {
    const r = await runQueryJob(frontdoor, { spec: spec({ given: { tar: 1 } }), options: { seed: 1 }, declared: { cancer: "bernoulli" }, comparison: true });
    expect(p1(r.comparison!)).toBeCloseTo(0.95, 12);
  });

  // ability (unobserved) -> educ, wage; educ -> wage -> satisfaction; ability -> experience (not downstream of educ).
  const wages = scm("wages")
    .variable("ability", () => normal(0, 1))
    .variable("educ", ({ ability }) => normal(12 + 2 * ability, 1))
    .variable("experience", ({ ability }) => normal(10 + ability, 2))
    .variable("wage", ({ educ, experience, ability }) => normal(10 + educ + 0.5 * experience + 3 * ability, 1))
    .variable("satisfaction", ({ wage }) => normal(wage / 10, 0.5));
  const wageSpec: SingleQuerySpec = { kind: "single", counterfactual: false, do: { educ: 16 }, given: {}, target: "wage" };

  it("a confounded model: seeing E[wage | educ = 16] = 36.6 differs from doing E[wage | do(educ = 16)] = 31 (closed forms)", async () => {
    // Doing: 10 + 16 + 0.5 E[experience] + 3 E[ability] = 10 + 16 + 5 + 0 = 31. Seeing: E[ability | educ = 16]
    // = Cov(ability, educ) / Var(educ) * (16 - 12) = 2/5 * 4 = 1.6, so 10 + 16 + 0.5 (10 + 1.6) + 3 * 1.6 = 36.6.
    const r = await runQueryJob(wages, { spec: wageSpec, options: { seed: 4, samples: 40_000, method: "sampling" }, comparison: true });
    const doing = meanOf(r.answer)!, seeing = meanOf(r.comparison!)!;
    expect(Math.abs(doing.value - 31)).toBeLessThan(4 * doing.standardError);
    expect(Math.abs(seeing.value - 36.6)).toBeLessThan(4 * seeing.standardError);
    expect(seeing.value - doing.value).toBeGreaterThan(5);
  });

  it("summaries: only the intervention's descendants, from the answer's draws, the target's equal to the answer", async () => {
    const options = { seed: 7, samples: 20_000, method: "sampling" as const };
    const r = await runQueryJob(wages, { spec: wageSpec, options, comparison: true, summaries: { variables: ["ability", "educ", "experience", "wage", "satisfaction"] } });
    expect(r.summaries!.map((s) => s.variable)).toEqual(["wage", "satisfaction"]); // not experience, ability or the intervened educ
    const wage = r.summaries![0];
    expect(wage.intervened).toEqual({ kind: "mean", mean: meanOf(r.answer)!.value, standardError: meanOf(r.answer)!.standardError });
    expect(wage.observed).toEqual({ kind: "mean", mean: meanOf(r.comparison!)!.value, standardError: meanOf(r.comparison!)!.standardError });
    // Another node: the same numbers as its own query with the answer's options (same seed, same draws).
    const sat = r.summaries![1];
    const satDoing = meanOf(answer(wages, { ...wageSpec, target: "satisfaction" }, options))!;
    const satSeeing = meanOf(answer(wages, { ...wageSpec, do: {}, given: { educ: 16 }, target: "satisfaction" }, options))!;
    expect(sat.intervened).toEqual({ kind: "mean", mean: satDoing.value, standardError: satDoing.standardError });
    expect(sat.observed).toEqual({ kind: "mean", mean: satSeeing.value, standardError: satSeeing.standardError });
    expect(Math.abs(satDoing.value - 3.1)).toBeLessThan(4 * satDoing.standardError); // E[wage] / 10
  });

  it("front-door summaries: tar and cancer, seeing vs doing, the target's equal to the plotted answer", async () => {
    const r = await runQueryJob(frontdoor, { spec: spec(), options: { seed: 1 }, declared: { smoking: "bernoulli", tar: "bernoulli", cancer: "bernoulli" }, comparison: true, summaries: { variables: ["smoking", "tar", "cancer"] } });
    expect(r.summaries!.map((s) => s.variable)).toEqual(["tar", "cancer"]);
    const [tar, cancer] = r.summaries!;
    expect(tar.observed).toEqual(tar.intervened); // tar's only parent is smoking: seeing = doing
    if (tar.intervened.kind !== "discrete" || cancer.observed.kind !== "discrete" || cancer.intervened.kind !== "discrete") throw new Error("expected discrete summaries");
    expect(tar.intervened.probabilities[1]).toBeCloseTo(0.05, 12);
    expect(cancer.observed.probabilities[1]).toBe(p1(r.comparison!));
    expect(cancer.intervened.probabilities[1]).toBe(p1(r.answer));
    expect(cancer.observed.probabilities[1]).toBeCloseTo(0.9025, 12);
  });
});
