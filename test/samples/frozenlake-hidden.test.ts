// The hidden-ice variant of samples/frozenlake-ope: exact DP against Monte Carlo, the exact
// pooled-model limit's occupancies against simulation, the reduction to the original experiment
// when the ice makes no difference, and the signs of the biases the README claims (fixed seed, 4 SE).
import { beforeAll, describe, expect, it } from "vitest";
import { createRng } from "causal-studio";
import { N_ACTIONS, N_STATES, OPTIMAL_ACTIONS, deterministicPolicy, epsilonGreedy, isTerminal, logEpisodes, successProbability, transitionTable } from "../../samples/frozenlake-ope/frozenlake";
import { formatHiddenReport, type HiddenResult, runHiddenExperiment } from "../../samples/frozenlake-ope/hidden-experiment";
import { importanceSampling, modelBased } from "../../samples/frozenlake-ope/ope";
import { DRY_ACTIONS, GYM_SLIP, ICE, hiddenValue, logHiddenEpisodes, occupancy, pooledLimit, slipTransitionTable } from "../../samples/frozenlake-ope/hidden-ice";

const target = deterministicPolicy(DRY_ACTIONS);
const behaviour = { icy: epsilonGreedy(OPTIMAL_ACTIONS, 0.1), dry: epsilonGreedy(DRY_ACTIONS, 0.1) };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: number[]) => { const m = mean(xs); return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length); };

describe("hidden-ice dynamics and exact values", () => {
  it("gives Gym's table for 1/3-1/3-1/3 slips and stochastic rows for dry ice", () => {
    const P = transitionTable(), G = slipTransitionTable(GYM_SLIP), D = slipTransitionTable(ICE.dry);
    for (let s = 0; s < N_STATES; s++) for (let a = 0; a < N_ACTIONS; a++) {
      G[s][a].forEach((p, j) => expect(p).toBeCloseTo(P[s][a][j], 15));
      expect(D[s][a].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
    }
  });

  it("has DRY_ACTIONS locally optimal on dry ice within 100 steps (no single-state change improves it)", () => {
    const D = slipTransitionTable(ICE.dry), best = successProbability(D, target);
    expect(best).toBeCloseTo(0.9282, 4);
    for (let s = 0; s < N_STATES; s++) for (let a = 0; a < N_ACTIONS; a++) {
      if (isTerminal(s)) continue;
      const p = DRY_ACTIONS.slice(); p[s] = a;
      expect(successProbability(D, deterministicPolicy(p))).toBeLessThanOrEqual(best + 1e-12);
    }
  });

  it("matches Monte Carlo within 4 SE: the target (0.5337) and the ice-aware behaviour, overall and per condition", () => {
    const n = 20_000;
    for (const [policy, seed] of [[{ icy: target, dry: target }, 41], [behaviour, 42]] as const) {
      const exact = hiddenValue(ICE, policy);
      const eps = logHiddenEpisodes(ICE, policy, n, createRng(seed), createRng(seed + 100));
      const r = eps.map((e) => e.reward);
      expect(Math.abs(mean(r) - exact.value)).toBeLessThan(4 * se(r));
      for (const icy of [true, false]) {
        const sub = eps.filter((e) => e.icy === icy).map((e) => e.reward);
        expect(Math.abs(mean(sub) - (icy ? exact.icy : exact.dry))).toBeLessThan(4 * se(sub));
      }
    }
    expect(hiddenValue(ICE, { icy: target, dry: target }).value).toBeCloseTo(0.5337, 4);
  });

  it("computes exact occupancies (hence the pooled model's limit) that simulation confirms within 4 SE", () => {
    const n = 4000;
    for (const [icy, seed] of [[true, 43], [false, 44]] as const) {
      const config = { ...ICE, pIcy: icy ? 1 : 0 }, pi = icy ? behaviour.icy : behaviour.dry;
      const exact = occupancy(slipTransitionTable(icy ? ICE.icy : ICE.dry), pi);
      const eps = logHiddenEpisodes(config, { icy: pi, dry: pi }, n, createRng(seed), createRng(seed + 100));
      const counts = eps.map((e) => { const c = new Float64Array(N_STATES * N_ACTIONS); e.actions.forEach((a, t) => { c[e.states[t] * N_ACTIONS + a]++; }); return c; });
      for (let s = 0; s < N_STATES; s++) for (let a = 0; a < N_ACTIONS; a++) {
        const x = counts.map((c) => c[s * N_ACTIONS + a]);
        // a pair never seen in n episodes: its exact expected count n * occupancy must be small (P(none) > 1e-4)
        if (x.every((k) => k === 0)) expect(n * exact[s][a]).toBeLessThan(9);
        else expect(Math.abs(mean(x) - exact[s][a])).toBeLessThan(4 * se(x));
      }
    }
  });
});

describe("with no hidden effect (icy = dry, one behaviour) the variant is the original experiment", () => {
  const same = { targetActions: OPTIMAL_ACTIONS, icyActions: OPTIMAL_ACTIONS, dryActions: OPTIMAL_ACTIONS, epsilon: 0.3, config: { pIcy: 0.5, icy: GYM_SLIP, dry: GYM_SLIP } };

  it("logs the same episodes and gets the same truth, IS, WIS and model-based estimate", () => {
    const b = epsilonGreedy(OPTIMAL_ACTIONS, 0.3);
    const hidden = logHiddenEpisodes(same.config, { icy: b, dry: b }, 1000, createRng(2019), createRng(2119));
    expect(hidden.map((e) => e.states)).toEqual(logEpisodes(b, 1000, createRng(2019)).map((e) => e.states));
    // what runExperiment() computes for the original table, built from the original modules
    const P0 = transitionTable(), t0 = deterministicPolicy(OPTIMAL_ACTIONS), logged = logEpisodes(b, 1000, createRng(2019));
    const o = { truth: successProbability(P0, t0), behaviourTruth: successProbability(P0, b), ...importanceSampling(logged, t0, b), modelBased: modelBased(logged, t0, createRng(2020)) };
    expect(o.truth).toBeCloseTo(0.7402, 4);
    const h = runHiddenExperiment(same);
    expect(h.truth.value).toBe(o.truth);
    expect(h.behaviourTruth.value).toBe(o.behaviourTruth);
    expect(h.isOracle).toEqual(o.is);
    expect(h.wisOracle).toEqual(o.wis);
    expect(h.modelBased).toEqual(o.modelBased);
    const limit = pooledLimit(same.config, { icy: b, dry: b }).transitions, P = transitionTable();
    for (let s = 0; s < N_STATES; s++) for (let a = 0; a < N_ACTIONS; a++) P[s][a].forEach((p, j) => expect(limit[s][a][j]).toBeCloseTo(p, 14));
  });
});

describe("the sample's hidden-ice run (1000 episodes, epsilon = 0.1, seed 2019)", () => {
  let r: HiddenResult;
  beforeAll(() => { r = runHiddenExperiment(); });

  it("is over-optimistic where the README says: MB and CF on the pooled model by more than 4 SE", () => {
    expect(r.modelBased.unseen).toBe(0);
    expect(r.modelBased.value - r.truth.value).toBeGreaterThan(4 * r.modelBased.standardError!);
    expect(r.cfLearned.value - r.truth.value).toBeGreaterThan(4 * Math.hypot(r.cfLearned.standardError, r.modelBased.standardError!));
    expect(r.wis.value - r.truth.value).toBeGreaterThan(4 * r.wis.standardError!);
    expect(r.is.value).toBeGreaterThan(r.truth.value);
  });

  it("puts the optimism on the behaviour's dependence on the ice: exact limits bracket the truth", () => {
    expect(r.pooledLimit).toBeGreaterThan(r.truth.value + 0.2);
    expect(r.pooledLimitUnconfounded).toBeLessThan(r.truth.value);
  });

  it("has unbiased oracles that know the ice: IS and the true slip mechanism within 4 SE of the truth", () => {
    expect(Math.abs(r.isOracle.value - r.truth.value)).toBeLessThan(4 * r.isOracle.standardError!);
    expect(Math.abs(r.cfOracle.value - r.truth.value)).toBeLessThan(4 * r.cfOracle.standardError);
    for (const icy of [true, false]) {
      const part = icy ? r.cfOracle.icy : r.cfOracle.dry;
      expect(Math.abs(part.value - (icy ? r.truth.icy : r.truth.dry))).toBeLessThan(4 * part.standardError);
    }
  });

  it("shows where: the pooled model rescues icy failures far more often than the true mechanism (4 SE)", () => {
    const learned = r.cfLearned.where.icy, oracle = r.cfOracle.where.icy;
    expect(learned.failed).toBe(oracle.failed);
    const bound = 0.5 / Math.sqrt(learned.failed); // binomial SE at its largest
    expect(learned.rescuedShare - oracle.rescuedShare).toBeGreaterThan(4 * Math.SQRT2 * bound);
    expect(r.cfLearned.where.dry.rescuedShare).toBeLessThan(r.cfOracle.where.dry.rescuedShare);
  });

  it("prints the second table", () => {
    const text = formatHiddenReport(r);
    expect(text).toMatch(/true value of the target policy \(DP over the ice\)\s+0\.5337/);
    for (const label of ["WIS, pooled", "MB (pooled", "CF, Gumbel-max on learned pooled P", "oracle CF", "MB limit, infinite logs", "where:"]) expect(text).toContain(label);
  });
});
