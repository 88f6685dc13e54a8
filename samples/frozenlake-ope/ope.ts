/**
 * Off-policy estimators of a target policy's success probability from episodes logged under a
 * behaviour policy: ordinary and weighted importance sampling, and the model-based estimate
 * (tabular maximum-likelihood transitions from the logs, then exact dynamic programming). The
 * counterfactual (Gumbel-max) estimate is in counterfactual-ope.ts. None of these print.
 */
import type { Rng } from "causal-studio";
import { type Episode, GOAL, HORIZON, N_ACTIONS, N_STATES, type PolicyTable, type TransitionTable, isTerminal, successProbabilities, successProbability } from "./frozenlake";

export interface OpeEstimate {
  value: number;
  /** Standard error where the estimator has one (sampling error only, not bias). */
  standardError?: number;
}

/** The per-episode importance weight prod_t pi_target(a_t | s_t) / pi_behaviour(a_t | s_t). */
export function importanceWeight(episode: Episode, target: PolicyTable, behaviour: PolicyTable): number {
  let w = 1;
  episode.actions.forEach((a, t) => { w *= target[episode.states[t]][a] / behaviour[episode.states[t]][a]; });
  return w;
}

/**
 * Ordinary IS (unbiased; SE from the sample spread) and weighted IS (self-normalised; SE by the
 * delta method), with Kish's effective sample size of the weights. `behaviour` may depend on the
 * episode (the hidden-ice variant's oracle, which knows each episode's condition).
 */
export function importanceSampling<E extends Episode>(episodes: E[], target: PolicyTable, behaviour: PolicyTable | ((e: E) => PolicyTable)): { is: OpeEstimate; wis: OpeEstimate; effectiveSampleSize: number } {
  const n = episodes.length;
  const w = episodes.map((e) => importanceWeight(e, target, typeof behaviour === "function" ? behaviour(e) : behaviour));
  const r = episodes.map((e) => e.reward);
  const sw = sum(w), sw2 = sum(w.map((x) => x * x));
  const wr = w.map((x, i) => x * r[i]);
  const isValue = sum(wr) / n;
  const isSe = Math.sqrt(sum(wr.map((x) => (x - isValue) ** 2)) / (n - 1) / n);
  const wisValue = sw > 0 ? sum(wr) / sw : NaN;
  const wisSe = sw > 0 ? Math.sqrt(sum(w.map((x, i) => x * x * (r[i] - wisValue) ** 2))) / sw : NaN;
  return { is: { value: isValue, standardError: isSe }, wis: { value: wisValue, standardError: wisSe }, effectiveSampleSize: sw2 > 0 ? (sw * sw) / sw2 : 0 };
}

/**
 * The exact moments of the importance-sampling estimators under the behaviour policy, by dynamic
 * programming over trajectories (no sampling): E[wR] (= the target's value), E[w^2 R], E[w^2].
 * They give the exact standard error of ordinary IS and the delta-method SE of WIS for n episodes.
 */
export function importanceSamplingMoments(transitions: TransitionTable, target: PolicyTable, behaviour: PolicyTable, n: number, horizon = HORIZON) {
  const squared = target.map((row, s) => Float64Array.from(row, (pt, a) => (pt === 0 ? 0 : (pt * pt) / behaviour[s][a])));
  const value = successProbability(transitions, target, horizon);
  const w2r = successProbabilities(transitions, squared, horizon)[0];
  const w2 = successProbabilities(transitions, squared, horizon, new Float64Array(N_STATES).fill(1))[0];
  return {
    value, w2r, w2,
    isStandardError: Math.sqrt((w2r - value * value) / n),
    /** Delta method: Var(WIS) ~ E[w^2 (R - V)^2] / n, with E[w] = 1. */
    wisStandardError: Math.sqrt((w2r * (1 - 2 * value) + value * value * w2) / n),
  };
}

/**
 * Tabular maximum-likelihood P(s' | s, a) from the logged transitions. A (s, a) never tried in
 * the logs gets a self-loop (the agent is assumed stuck: a pessimistic, stated choice); terminal
 * states are absorbing as in the environment.
 */
export function estimateTransitions(episodes: Episode[]): { transitions: TransitionTable; unseen: number } {
  const counts = Array.from({ length: N_STATES }, () => Array.from({ length: N_ACTIONS }, () => new Float64Array(N_STATES)));
  for (const e of episodes) e.actions.forEach((a, t) => { counts[e.states[t]][a][e.states[t + 1]]++; });
  let unseen = 0;
  const transitions = counts.map((row, s) => row.map((c) => {
    const total = sum(Array.from(c));
    if (isTerminal(s) || total === 0) {
      if (!isTerminal(s)) unseen++;
      const stay = new Float64Array(N_STATES);
      stay[s] = 1;
      return stay;
    }
    return Float64Array.from(c, (x) => x / total);
  }));
  return { transitions, unseen };
}

/** Model-based estimate: DP of the target policy on the MLE model; SE from a bootstrap over episodes. */
export function modelBased(episodes: Episode[], target: PolicyTable, rng: Rng, bootstrap = 200, horizon = HORIZON): OpeEstimate & { unseen: number } {
  const { transitions, unseen } = estimateTransitions(episodes);
  const value = successProbability(transitions, target, horizon);
  const replicates: number[] = [];
  for (let b = 0; b < bootstrap; b++) {
    const resample = episodes.map(() => episodes[Math.floor(rng.next() * episodes.length)]);
    replicates.push(successProbability(estimateTransitions(resample).transitions, target, horizon));
  }
  const mean = sum(replicates) / bootstrap;
  const standardError = bootstrap > 1 ? Math.sqrt(sum(replicates.map((x) => (x - mean) ** 2)) / (bootstrap - 1)) : undefined;
  return { value, standardError, unseen };
}

/** The behaviour's observed success rate with its binomial standard error. */
export function observedReturn(episodes: Episode[]): OpeEstimate {
  const n = episodes.length, m = episodes.filter((e) => e.states[e.states.length - 1] === GOAL).length / n;
  return { value: m, standardError: Math.sqrt((m * (1 - m)) / n) };
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}
