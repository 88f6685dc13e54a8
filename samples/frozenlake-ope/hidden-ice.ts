/**
 * FrozenLake with a hidden per-episode "ice condition": at the start of each episode the ice is icy
 * (probability pIcy) or dry, and it stays so for the whole episode. The condition sets the slip
 * probabilities [turn -1, straight, turn +1]: icy = Gym's 1/3-1/3-1/3, dry = mostly straight. The
 * behaviour policy sees the condition (a different policy per condition); the analyst's logs do
 * not record it, so the off-policy model pools icy and dry transitions. This module has the
 * dynamics, exact DP of any (condition-aware) policy, seeded logging, and the exact population
 * limit of the pooled transition model (what the tabular MLE converges to with infinite logs).
 */
import type { Rng } from "causal-studio";
import type { Coupling } from "./couplings";
import {
  ACTION_LETTERS, type Episode, GOAL, HORIZON, N_ACTIONS, N_STATES, type PolicyTable, SLIPS, START, type TransitionTable, drawIndex, isTerminal, move, slipNext,
  successProbability,
} from "./frozenlake";

/** P(turn -1), P(straight), P(turn +1). */
export type SlipProbabilities = readonly [number, number, number];

export interface IceConfig { pIcy: number; icy: SlipProbabilities; dry: SlipProbabilities }

export const GYM_SLIP: SlipProbabilities = [1 / 3, 1 / 3, 1 / 3];
/** The sample's choice: icy is Gym's slippery lake, dry goes where it is told 90% of the time. */
export const ICE: IceConfig = { pIcy: 0.5, icy: GYM_SLIP, dry: [0.05, 0.9, 0.05] };
/**
 * The best stationary policy for dry ice within 100 steps that we found (no single-state change
 * improves it; checked in the tests): a direct route D, D, R, R, D, R that is good on dry ice (0.93)
 * and poor on icy ice, where frozenlake.ts's OPTIMAL_ACTIONS is the careful policy.
 */
export const DRY_ACTIONS: readonly number[] = "D U D L L L D L R D L L L R R L".split(" ").map((c) => ACTION_LETTERS.indexOf(c as "L"));

/** A policy for each condition (the behaviour's; a target that ignores the ice has the same table twice). */
export interface ConditionalPolicy { icy: PolicyTable; dry: PolicyTable }

export interface HiddenEpisode extends Episode { icy: boolean }

/** P(s' | s, a) when every move slips with the given probabilities (walls and absorbing states as in Gym). */
export function slipTransitionTable(slip: SlipProbabilities): TransitionTable {
  return Array.from({ length: N_STATES }, (_, s) =>
    Array.from({ length: N_ACTIONS }, (_, a) => {
      const row = new Float64Array(N_STATES);
      if (isTerminal(s)) row[s] = 1;
      else SLIPS.forEach((u, i) => { row[move(s, a + u)] += slip[i]; });
      return row;
    }));
}

/** The exact value: pIcy V_icy(pi_icy) + (1 - pIcy) V_dry(pi_dry), each by DP within the horizon. */
export function hiddenValue(config: IceConfig, policy: ConditionalPolicy, horizon = HORIZON): { value: number; icy: number; dry: number } {
  const icy = successProbability(slipTransitionTable(config.icy), policy.icy, horizon);
  const dry = successProbability(slipTransitionTable(config.dry), policy.dry, horizon);
  return { value: config.pIcy * icy + (1 - config.pIcy) * dry, icy, dry };
}

/**
 * Logs n episodes: the condition from `conditionRng` (a separate stream, so with icy = dry and one
 * policy the episodes equal frozenlake.ts's logEpisodes for the same `rng`), then actions from the
 * condition's policy and slips drawn by inversion from the condition's slip probabilities.
 */
export function logHiddenEpisodes(config: IceConfig, policy: ConditionalPolicy, n: number, rng: Rng, conditionRng: Rng, horizon = HORIZON): HiddenEpisode[] {
  const episodes: HiddenEpisode[] = [];
  for (let e = 0; e < n; e++) {
    const icy = conditionRng.next() < config.pIcy;
    const pi = icy ? policy.icy : policy.dry, slip = icy ? config.icy : config.dry;
    const states = [START], actions: number[] = [];
    let s = START;
    for (let t = 0; t < horizon && !isTerminal(s); t++) {
      const a = drawIndex(pi[s], rng);
      s = slipNext(s, a, SLIPS[drawSlip(slip, rng.next())]);
      actions.push(a);
      states.push(s);
    }
    episodes.push({ states, actions, reward: s === GOAL ? 1 : 0, icy });
  }
  return episodes;
}

/** Slip index by inversion; for 1/3-1/3-1/3 it is floor(3u), exactly as logEpisodes draws it. */
function drawSlip(slip: SlipProbabilities, u: number): number {
  if (slip[0] === slip[1] && slip[1] === slip[2]) return Math.floor(u * 3);
  return u < slip[0] ? 0 : u < slip[0] + slip[1] ? 1 : 2;
}

/**
 * Expected number of times each (s, a) is taken in one episode of `policy` on `transitions`
 * within the horizon (forward propagation of the state distribution; terminal states take no action).
 */
export function occupancy(transitions: TransitionTable, policy: PolicyTable, horizon = HORIZON): Float64Array[] {
  const visits = Array.from({ length: N_STATES }, () => new Float64Array(N_ACTIONS));
  let d = new Float64Array(N_STATES);
  d[START] = 1;
  for (let t = 0; t < horizon; t++) {
    const next = new Float64Array(N_STATES);
    for (let s = 0; s < N_STATES; s++) {
      if (d[s] === 0) continue;
      if (isTerminal(s)) { next[s] += d[s]; continue; }
      for (let a = 0; a < N_ACTIONS; a++) {
        const m = d[s] * policy[s][a];
        if (m === 0) continue;
        visits[s][a] += m;
        for (let s2 = 0; s2 < N_STATES; s2++) next[s2] += m * transitions[s][a][s2];
      }
    }
    d = next;
  }
  return visits;
}

/**
 * The pooled model with infinite logs: P(s' | s, a) = sum_c w_c(s, a) P_c(s' | s, a), where
 * w_c(s, a) is the share of the logged (s, a) steps that happen in condition c (prior times the
 * behaviour's expected visits there). Also returns the icy share w_icy(s, a). Unvisited pairs get
 * the prior mixture. `behaviour` may instead list per-episode policies, each with its probability
 * in each condition (e.g. a policy chosen independently of the ice: the unconfounded control).
 */
export function pooledLimit(config: IceConfig, behaviour: ConditionalPolicy | { policy: PolicyTable; icy: number; dry: number }[], horizon = HORIZON): { transitions: TransitionTable; icyShare: Float64Array[] } {
  const Picy = slipTransitionTable(config.icy), Pdry = slipTransitionTable(config.dry);
  const styles = Array.isArray(behaviour) ? behaviour : [{ policy: behaviour.icy, icy: 1, dry: 0 }, { policy: behaviour.dry, icy: 0, dry: 1 }];
  const vIcy = Array.from({ length: N_STATES }, () => new Float64Array(N_ACTIONS)), vDry = vIcy.map((r) => r.slice());
  for (const { policy, icy, dry } of styles) {
    if (icy > 0) occupancy(Picy, policy, horizon).forEach((row, s) => row.forEach((x, a) => { vIcy[s][a] += config.pIcy * icy * x; }));
    if (dry > 0) occupancy(Pdry, policy, horizon).forEach((row, s) => row.forEach((x, a) => { vDry[s][a] += (1 - config.pIcy) * dry * x; }));
  }
  const icyShare = vIcy.map((row, s) => Float64Array.from(row, (icy, a) => (icy + vDry[s][a] > 0 ? icy / (icy + vDry[s][a]) : config.pIcy)));
  const transitions = Picy.map((row, s) => row.map((p, a) => Float64Array.from(p, (x, s2) => icyShare[s][a] * x + (1 - icyShare[s][a]) * Pdry[s][a][s2])));
  return { transitions, icyShare };
}

/** The analyst's estimate of the behaviour policy: pooled counts of a in s (a never-visited state gets uniform). */
export function estimatePolicy(episodes: Episode[]): PolicyTable {
  const counts = Array.from({ length: N_STATES }, () => new Float64Array(N_ACTIONS));
  for (const e of episodes) e.actions.forEach((a, t) => { counts[e.states[t]][a]++; });
  return counts.map((c) => {
    const total = c.reduce((x, y) => x + y, 0);
    return total > 0 ? Float64Array.from(c, (x) => x / total) : new Float64Array(N_ACTIONS).fill(1 / N_ACTIONS);
  });
}

/** The true slip mechanism of one condition as a counterfactual coupling (keeps the abducted slip). */
export function conditionSlipCoupling(slip: SlipProbabilities): Coupling<number> {
  return {
    name: "slip (true mechanism, known condition)",
    abduct(s, a, next, rng) {
      const weights = SLIPS.map((u, i) => (slipNext(s, a, u) === next ? slip[i] : 0));
      const total = weights.reduce((x, y) => x + y, 0);
      if (total === 0) throw new RangeError(`the transition ${s} -${a}-> ${next} cannot happen under this slip mechanism`);
      return SLIPS[drawIndex(weights.map((w) => w / total), rng)];
    },
    apply: (s, a, u) => slipNext(s, a, u),
    fresh: (s, a, rng) => slipNext(s, a, SLIPS[drawSlip(slip, rng.next())]),
  };
}
