/**
 * FrozenLake 4x4, slippery (the environment of Gym's `FrozenLake-v1`, rebuilt from its published
 * rules, no Gym code): the map, the slip dynamics P(s' | s, a), exact dynamic programming of a
 * policy's success probability within the 100-step episode limit, the policies the sample
 * compares, and logging episodes with a seeded generator. Actions: 0 LEFT, 1 DOWN, 2 RIGHT, 3 UP.
 * A slip turns the intended move by -1, 0 or +1 (each 1/3), never into the opposite direction; a
 * move into a wall stays put. The goal (reward 1) and the holes are absorbing.
 */
import type { Rng } from "causal-studio";

export const MAP = ["SFFF", "FHFH", "FFFH", "HFFG"] as const;
export const N_STATES = 16;
export const N_ACTIONS = 4;
export const START = 0;
export const GOAL = 15;
export const HORIZON = 100;
export const ACTION_LETTERS = ["L", "D", "R", "U"] as const;
export const HOLES: readonly number[] = [...MAP.join("")].flatMap((c, s) => (c === "H" ? [s] : []));
/** The slips, as turns of the intended direction. */
export const SLIPS = [-1, 0, 1] as const;

/** A probability table: policy[s][a] = P(a | s), or transitions[s][a][s'] = P(s' | s, a). */
export type PolicyTable = Float64Array[];
export type TransitionTable = Float64Array[][];

export interface Episode {
  /** s_0 .. s_T (T + 1 entries). */
  states: number[];
  /** a_0 .. a_{T-1}. */
  actions: number[];
  /** 1 if the goal was reached, else 0. */
  reward: number;
}

export const isTerminal = (s: number): boolean => s === GOAL || HOLES.includes(s);

/** The cell reached from s by moving in `direction` (0 L, 1 D, 2 R, 3 U), clamped at the walls. */
export function move(s: number, direction: number): number {
  const row = Math.floor(s / 4), col = s % 4;
  switch (((direction % 4) + 4) % 4) {
    case 0: return row * 4 + Math.max(col - 1, 0);
    case 1: return Math.min(row + 1, 3) * 4 + col;
    case 2: return row * 4 + Math.min(col + 1, 3);
    default: return Math.max(row - 1, 0) * 4 + col;
  }
}

/** The mechanistic SCM: the next state when action a meets slip u in {-1, 0, +1}. */
export function slipNext(s: number, a: number, u: number): number {
  return isTerminal(s) ? s : move(s, a + u);
}

/** P(s' | s, a) from the environment's rules: each of the three turned moves with 1/3, summed where they coincide. */
export function transitionTable(): TransitionTable {
  return Array.from({ length: N_STATES }, (_, s) =>
    Array.from({ length: N_ACTIONS }, (_, a) => {
      const row = new Float64Array(N_STATES);
      if (isTerminal(s)) row[s] = 1;
      else for (const turn of [3, 0, 1]) row[move(s, a + turn)] += 1 / 3;
      return row;
    }));
}

/** The optimal policy for success within 100 steps (from the notes; checked by value iteration in the tests). */
export const OPTIMAL_ACTIONS: readonly number[] = "L U U U L L L L U D L L L R D L".split(" ").map((c) => ACTION_LETTERS.indexOf(c as "L"));

export function deterministicPolicy(actions: readonly number[]): PolicyTable {
  return actions.map((a) => Float64Array.from({ length: N_ACTIONS }, (_, b) => (b === a ? 1 : 0)));
}

export function uniformPolicy(): PolicyTable {
  return Array.from({ length: N_STATES }, () => new Float64Array(N_ACTIONS).fill(1 / N_ACTIONS));
}

/** With probability 1 - epsilon the base action, otherwise an action uniformly at random. */
export function epsilonGreedy(actions: readonly number[], epsilon: number): PolicyTable {
  return actions.map((a) => Float64Array.from({ length: N_ACTIONS }, (_, b) => epsilon / N_ACTIONS + (b === a ? 1 - epsilon : 0)));
}

/** The policy's action if it is deterministic in every state, else undefined. */
export function deterministicActions(policy: PolicyTable): number[] | undefined {
  const actions = policy.map((row) => row.findIndex((x) => x === 1));
  return actions.every((a) => a >= 0) ? actions : undefined;
}

/**
 * Exact success probability within `horizon` steps, for every start state, by backward induction:
 * v_0 = [s is the goal], v_t(s) = sum_a pi(a|s) sum_s' P(s'|s,a) v_{t-1}(s') for non-terminal s.
 * Terminal states keep their initial value. `policy` may hold any non-negative weights (not only
 * probabilities) and `initial` any final values: that is how ope.ts gets the exact moments of the
 * importance weights, e.g. E_b[w^2 R] with weights pi_t(a|s)^2 / pi_b(a|s).
 */
export function successProbabilities(transitions: TransitionTable, policy: PolicyTable, horizon = HORIZON, initial?: ArrayLike<number>): Float64Array {
  let v = Float64Array.from({ length: N_STATES }, (_, s) => (initial ? initial[s] : s === GOAL ? 1 : 0));
  for (let t = 0; t < horizon; t++) {
    const next = new Float64Array(N_STATES);
    for (let s = 0; s < N_STATES; s++) {
      if (isTerminal(s)) { next[s] = v[s]; continue; }
      for (let a = 0; a < N_ACTIONS; a++) {
        if (policy[s][a] === 0) continue;
        let q = 0;
        for (let s2 = 0; s2 < N_STATES; s2++) q += transitions[s][a][s2] * v[s2];
        next[s] += policy[s][a] * q;
      }
    }
    v = next;
  }
  return v;
}

export function successProbability(transitions: TransitionTable, policy: PolicyTable, horizon = HORIZON, start = START): number {
  return successProbabilities(transitions, policy, horizon)[start];
}

/** The best achievable success probability within `horizon` steps (finite-horizon value iteration). */
export function optimalSuccessProbability(transitions: TransitionTable, horizon = HORIZON, start = START): number {
  let v = Float64Array.from({ length: N_STATES }, (_, s) => (s === GOAL ? 1 : 0));
  for (let t = 0; t < horizon; t++) {
    v = Float64Array.from(v, (vs, s) => {
      if (isTerminal(s)) return vs;
      let best = 0;
      for (let a = 0; a < N_ACTIONS; a++) {
        let q = 0;
        for (let s2 = 0; s2 < N_STATES; s2++) q += transitions[s][a][s2] * v[s2];
        best = Math.max(best, q);
      }
      return best;
    });
  }
  return v[start];
}

/** Draws an index from a probability row by inversion. */
export function drawIndex(row: ArrayLike<number>, rng: Rng): number {
  let u = rng.next();
  for (let j = 0; j < row.length; j++) {
    u -= row[j];
    if (u < 0) return j;
  }
  for (let j = row.length - 1; j >= 0; j--) if (row[j] > 0) return j; // rounding left a sliver of u
  throw new RangeError("drawIndex: a row with no positive entry");
}

/**
 * Runs `n` episodes of `policy` in the real environment (the slip mechanism: a slip drawn
 * uniformly from {-1, 0, +1} each step), each until a terminal state or `horizon` actions.
 */
export function logEpisodes(policy: PolicyTable, n: number, rng: Rng, horizon = HORIZON): Episode[] {
  const episodes: Episode[] = [];
  for (let e = 0; e < n; e++) {
    const states = [START], actions: number[] = [];
    let s = START;
    for (let t = 0; t < horizon && !isTerminal(s); t++) {
      const a = drawIndex(policy[s], rng);
      s = slipNext(s, a, SLIPS[Math.floor(rng.next() * 3)]);
      actions.push(a);
      states.push(s);
    }
    episodes.push({ states, actions, reward: s === GOAL ? 1 : 0 });
  }
  return episodes;
}
