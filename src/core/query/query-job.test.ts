// runQueryJob: everything one Run needs, from one job. The ATE's other arm uses seed + 1; the
// summaries use the answer's own seed and budget, so a job's numbers equal separate answer() calls
// with those options; the answer is reported before the summaries.
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { answer } from "./answer";
import { meanOf, type QueryJobProgress, runQueryJob } from "./query-job";

const coin = scm("coin").variable("X", () => bernoulli(0.3)).variable("Y", ({ X }) => bernoulli(X ? 0.9 : 0.2)).variable("W", ({ Y }) => bernoulli(Y ? 0.6 : 0.1));
const noisy = scm("noisy").variable("X", () => bernoulli(0.3)).variable("Y", ({ X }) => bernoulli(X ? 0.9 : 0.2)).variable("W", ({ Y }) => normal(Y, 1));
const declared = { X: "bernoulli", Y: "bernoulli", W: "bernoulli" };
const spec = { kind: "single" as const, counterfactual: false, do: { X: 0 }, given: {}, target: "Y" };

describe("runQueryJob", () => {
  it("answers, compares, computes the ATE of a binary do and summarises nodes, reporting the answer first", async () => {
    const seen: QueryJobProgress["type"][] = [];
    const r = await runQueryJob(coin, { spec, options: { seed: 1 }, declared, comparison: true, ate: true, summaries: { variables: ["Y", "W"] } }, {
      onProgress: (p) => void seen.push(p.type),
    });
    expect(seen).toEqual(["batch", "answered"]); // exact: one batch report, then the answer (summaries after)
    expect(r.model).toBe("coin");
    expect(meanOf(r.answer)?.value).toBeCloseTo(0.2, 12);
    expect(meanOf(r.comparison!)?.value).toBeCloseTo(0.2, 12); // seeing X = 0: P(Y = 1 | X = 0) (no confounding here, so = doing)
    expect(r.ate).toMatchObject({ treatment: "X", outcome: "Y", treated: 1, control: 0 });
    expect(r.ate!.value).toBeCloseTo(0.7, 12);
    // A binary outcome: the risk ratio 0.9 / 0.2 = 4.5 (exact arms, so a zero-width interval) and its
    // E-value RR + sqrt(RR (RR - 1)) = 4.5 + sqrt(15.75), the closed form of VanderWeele & Ding.
    const s = r.ate!.sensitivity!;
    expect(s.riskRatio).toBeCloseTo(4.5, 12);
    expect(s.eValue).toBeCloseTo(4.5 + Math.sqrt(4.5 * 3.5), 12);
    expect([s.lower, s.upper].map((v) => v.toFixed(9))).toEqual(["4.500000000", "4.500000000"]);
    expect(s.sentence).toBe(`An unobserved confounder associated with both X and Y by a risk ratio of ${(4.5 + Math.sqrt(15.75)).toFixed(2)} each, beyond the model's variables, could explain away the model's risk ratio P(Y = 1 | do(X = 1)) / P(Y = 1 | do(X = 0)) of 4.50; a weaker one could not.`);
    // The summaries are the answers of per-node queries with the answer's options.
    const w = answer(coin, { ...spec, target: "W" }, { seed: 1, distribution: "bernoulli" });
    expect(r.summaries?.map((s) => s.variable)).toEqual(["Y", "W"]);
    expect(r.summaries?.[1].intervened).toEqual({ kind: "discrete", values: [0, 1], probabilities: [1 - meanOf(w)!.value, meanOf(w)!.value], standardErrors: [0, 0] });
    expect(meanOf(w)!.value).toBeCloseTo(0.2 * 0.6 + 0.8 * 0.1, 12); // P(W = 1 | do(X = 0)), exactly
  });

  it("the ATE's other arm runs at seed + 1 (sampled, so the seed shows in the digits)", async () => {
    const sampled = { spec: { ...spec, target: "W" }, options: { seed: 5, samples: 4000 }, declared: { ...declared, W: "normal" }, ate: true };
    const r = await runQueryJob(noisy, sampled);
    const here = meanOf(answer(noisy, sampled.spec, { ...sampled.options, distribution: "normal" }))!;
    const there = meanOf(answer(noisy, { ...sampled.spec, do: { X: 1 } }, { ...sampled.options, seed: 6, distribution: "normal" }))!;
    expect(here.standardError).toBeGreaterThan(0);
    expect(r.ate!.value).toBe(there.value - here.value);
    expect(r.ate!.standardError).toBe(Math.sqrt(here.standardError ** 2 + there.standardError ** 2));
    expect(r.ate!.sensitivity).toBeUndefined(); // a normal outcome has no risk ratio
  });

  it("a sampled binary outcome: the risk ratio's interval by the delta method on log RR, and the E-value of its limit nearer 1", async () => {
    const job = { spec: { ...spec, do: { X: 1 } }, options: { seed: 2, samples: 3000, method: "sampling" as const }, declared, ate: true };
    const r = await runQueryJob(coin, job);
    const t = meanOf(answer(coin, job.spec, { ...job.options, distribution: "bernoulli" }))!;
    const c = meanOf(answer(coin, { ...job.spec, do: { X: 0 } }, { ...job.options, seed: 3, distribution: "bernoulli" }))!;
    const s = r.ate!.sensitivity!;
    expect(s.riskRatio).toBe(t.value / c.value);
    const se = Math.sqrt((t.standardError / t.value) ** 2 + (c.standardError / c.value) ** 2);
    expect(s.lower).toBeCloseTo((t.value / c.value) * Math.exp(-1.96 * se), 12);
    expect(s.eValueInterval).toBeCloseTo(s.lower + Math.sqrt(s.lower * (s.lower - 1)), 12);
    expect(s.eValueInterval).toBeLessThan(s.eValue);
  });

  it("no ATE for a non-bernoulli treatment or a counterfactual; a stop skips the summaries", async () => {
    expect((await runQueryJob(coin, { spec, options: { seed: 1 }, declared: { Y: "bernoulli" }, ate: true })).ate).toBeUndefined();
    expect((await runQueryJob(coin, { spec: { ...spec, counterfactual: true, given: { X: 1 } }, options: { seed: 1 }, declared, ate: true })).ate).toBeUndefined();
    const stopped = await runQueryJob(coin, { spec, options: { seed: 1 }, declared, summaries: { variables: ["Y"] } }, { stopped: () => true });
    expect(stopped.summaries).toBeUndefined();
  });
});
