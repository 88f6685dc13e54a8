// Off-policy evaluation on FrozenLake (samples/frozenlake-ope): every estimator against the exact
// DP truth with a tolerance derived from its own standard error, the counterfactual identity when
// target = behaviour, the two SCMs of one transition table, and the DSL model against the closed form.
import { beforeAll, describe, expect, it } from "vitest";
import { counterfactualCategorical, counterfactualCategoricalExact, createRng } from "causal-studio";
import { type Coupling, compareCouplings, gumbelCoupling, slipCoupling, slipCounterfactual } from "../../samples/frozenlake-ope/couplings";
import { counterfactualEstimate, counterfactualRollout } from "../../samples/frozenlake-ope/counterfactual-ope";
import { type ExperimentResult, formatReport, runExperiment } from "../../samples/frozenlake-ope/experiment";
import { runHiddenExperiment } from "../../samples/frozenlake-ope/hidden-experiment";
import { figures } from "../../samples/frozenlake-ope/main";
import { checkFigures } from "../../src/protocol/figure-messages";
import { OPTIMAL_ACTIONS, deterministicPolicy, epsilonGreedy, logEpisodes, successProbability, transitionTable } from "../../samples/frozenlake-ope/frozenlake";
import { estimateTransitions, importanceSampling, importanceSamplingMoments, importanceWeight } from "../../samples/frozenlake-ope/ope";
import model from "../../samples/frozenlake-ope/model.causal";

const P = transitionTable();
const target = deterministicPolicy(OPTIMAL_ACTIONS);

describe("the sample's experiment (1000 episodes, epsilon = 0.3)", () => {
  let r: ExperimentResult;
  beforeAll(() => { r = runExperiment(); });

  it("returns figures the run panel can draw: each estimate with ±2 SE and the DP truth as the reference line", () => {
    const h = runHiddenExperiment();
    const [ope, hidden] = figures(r, h);
    expect(checkFigures([ope, hidden]).ok).toBe(true);
    const bars = ope.marks[0].kind === "bar" ? ope.marks[0].bars : [];
    expect(bars.find((b) => b.label === "IS")).toEqual({ label: "IS", value: r.is.value, lo: r.is.value - 2 * r.is.standardError!, hi: r.is.value + 2 * r.is.standardError! });
    expect(bars.find((b) => b.label === "CF learned P")?.value).toBe(r.cfLearned.value);
    expect(ope.marks[1]).toEqual({ kind: "rule", axis: "y", value: r.truth, label: "truth (DP)" });
    expect(hidden.marks[2]).toMatchObject({ kind: "rule", value: h.truth.value });
  });

  it("knows the truth: target 0.7402, behaviour 0.1500, and the behaviour's logs agree within 4 SE", () => {
    expect(r.truth).toBeCloseTo(0.7402, 4);
    expect(r.behaviourTruth).toBeCloseTo(0.15, 3);
    expect(Math.abs(r.behaviourObserved.value - r.behaviourTruth)).toBeLessThan(4 * r.behaviourObserved.standardError!);
  });

  it("model-based: every (s, a) covered, within 4 bootstrap SE of the truth", () => {
    expect(r.modelBased.unseen).toBe(0);
    expect(Math.abs(r.modelBased.value - r.truth)).toBeLessThan(4 * r.modelBased.standardError!);
  });

  it("counterfactual with the true P or the true slip mechanism: unbiased, so within 4 SE of the truth", () => {
    for (const cf of [r.cfTrueTable, r.cfSlip]) expect(Math.abs(cf.value - r.truth)).toBeLessThan(4 * cf.standardError);
  });

  it("counterfactual with the learned P: within 4 SE of the truth, counting the model's error (MB bootstrap SE)", () => {
    for (const cf of [r.cfLearned, r.cfLearnedFresh]) {
      expect(Math.abs(cf.value - r.truth)).toBeLessThan(4 * Math.hypot(cf.standardError, r.modelBased.standardError!));
    }
  });

  it("importance sampling is hopeless here, as its exact standard error says (n / E[w^2] < 1e-6)", () => {
    expect(r.exactIsStandardError).toBeGreaterThan(100);
    expect(r.isScaling.find((x) => x.epsilon === 0.3)!.expectedEss).toBeLessThan(1e-6);
    expect(r.effectiveSampleSize).toBeLessThan(20);
  });

  it("prints the side-by-side table", () => {
    const text = formatReport(r);
    expect(text).toMatch(/true value of the target policy \(DP\)\s+0\.7402/);
    for (const label of ["IS (ordinary", "WIS (weighted", "MB (tabular", "CF, Gumbel-max on learned P", "CF, true slip mechanism"]) expect(text).toContain(label);
  });
});

describe("importance sampling where it can work (epsilon = 0.02)", () => {
  const behaviour = epsilonGreedy(OPTIMAL_ACTIONS, 0.02), n = 1000;
  const episodes = logEpisodes(behaviour, n, createRng(31));
  const m = importanceSamplingMoments(P, target, behaviour, n);

  it("has E[w] = 1 and IS within 4 exact SE, WIS within 4 delta-method SE of the truth", () => {
    const w = episodes.map((e) => importanceWeight(e, target, behaviour));
    expect(Math.abs(w.reduce((a, b) => a + b, 0) / n - 1)).toBeLessThan(4 * Math.sqrt((m.w2 - 1) / n));
    const { is, wis } = importanceSampling(episodes, target, behaviour);
    expect(m.value).toBeCloseTo(successProbability(P, target), 12);
    expect(Math.abs(is.value - m.value)).toBeLessThan(4 * m.isStandardError);
    expect(Math.abs(wis.value - m.value)).toBeLessThan(4 * m.wisStandardError);
  });
});

describe("counterfactual rollouts", () => {
  const behaviour = epsilonGreedy(OPTIMAL_ACTIONS, 0.3);
  const episodes = logEpisodes(behaviour, 300, createRng(8));
  const learned = estimateTransitions(episodes).transitions;

  it("with target = behaviour reproduce every logged episode exactly, under every coupling and divergence rule", () => {
    const check = <Noise>(coupling: Coupling<Noise>) => {
      for (const divergence of ["shared", "fresh"] as const) {
        const rng = createRng(12);
        for (const e of episodes) expect(counterfactualRollout(e, { coupling, target: behaviour, behaviour, rng, divergence })).toEqual(e.states);
        const est = counterfactualEstimate(episodes, { coupling, target: behaviour, behaviour, rng, divergence });
        expect(est.value).toBe(episodes.filter((e) => e.reward === 1).length / episodes.length);
        expect(est.outcomes[0][1] + est.outcomes[1][0]).toBe(0);
      }
    };
    check(gumbelCoupling(P));
    check(gumbelCoupling(learned));
    check(slipCoupling());
  });

  it("with a deterministic target that agrees with every logged action also reproduce the episode", () => {
    const agreeing = episodes.filter((e) => e.actions.every((a, t) => a === OPTIMAL_ACTIONS[e.states[t]]));
    expect(agreeing.length).toBeGreaterThan(0);
    const rng = createRng(13);
    for (const e of agreeing) expect(counterfactualRollout(e, { coupling: gumbelCoupling(learned), target, behaviour, rng })).toEqual(e.states);
  });
});

describe("two SCMs of one transition table", () => {
  const c = compareCouplings(P);

  it("agree on P(s'|s,a) and give it back when their counterfactuals are averaged over s'", () => {
    expect(c.marginalMaxAbsDifference).toBe(0);
    expect(c.mixtureMaxAbsDifference.slip).toBeLessThan(1e-12);
    expect(c.mixtureMaxAbsDifference.gumbel).toBeLessThan(1e-12);
  });

  it("disagree on most counterfactuals, but never when the action is unchanged", () => {
    expect(c.tuples).toBe(512);
    expect(c.share).toBeGreaterThan(0.5);
    expect(c.sameActionDiffering).toBe(0);
    expect(c.maxTotalVariation).toBeCloseTo(1, 12);
  });

  it("at 6 -DOWN-> 10, had it gone RIGHT: slip says hole 7 for sure, Gumbel-max says 10 (3/4) or 2 (1/4)", () => {
    const slip = slipCounterfactual(6, 1, 10, 2);
    expect(slip[7]).toBe(1);
    const exact = counterfactualCategoricalExact(P[6][1], 10, P[6][2]);
    expect([exact[10], exact[2], exact[7]]).toEqual([expect.closeTo(0.75, 12), expect.closeTo(0.25, 12), 0]);
    const n = 20_000, mc = counterfactualCategorical(P[6][1], 10, P[6][2], createRng(14), n);
    expect(Math.abs(mc[10] - 0.75)).toBeLessThan(4 * Math.sqrt(0.75 * 0.25 / n));
    expect(mc[7]).toBe(0);
  });
});

describe("the DSL model (model.causal.ts)", () => {
  it("has the graph state -> action -> nextState, state -> nextState", () => {
    const edges = model.graph().edges.map((e) => `${e.from}->${e.to}`).sort();
    expect(edges).toEqual(["action->nextState", "state->action", "state->nextState"]);
  });

  it("answers do() with the slip probabilities and counterfactuals with the Gumbel-max closed form (4 SE)", () => {
    expect(model.do({ state: 6, action: 1 }).prob({ nextState: 10 }).value).toBeCloseTo(1 / 3, 12);
    const q = model.counterfactual({ given: { state: 6, action: 1, nextState: 10 }, do: { action: 2 } });
    for (const [k, truth] of [[2, 0.25], [10, 0.75]] as const) {
      const est = q.prob({ nextState: k }, { seed: 21, samples: 20_000 });
      expect(Math.abs(est.value - truth)).toBeLessThan(4 * Math.max(est.standardError, Math.sqrt(truth * (1 - truth) / 20_000)));
    }
  });
});
