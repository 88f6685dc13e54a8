// The FrozenLake environment of samples/frozenlake-ope: dynamics, exact dynamic programming against
// the published reference values, and seeded logging.
import { describe, expect, it } from "vitest";
import { createRng } from "causal-studio";
import {
  GOAL, HOLES, HORIZON, N_ACTIONS, N_STATES, OPTIMAL_ACTIONS, START, deterministicPolicy, epsilonGreedy, isTerminal, logEpisodes,
  move, optimalSuccessProbability, successProbability, transitionTable, uniformPolicy,
} from "../../samples/frozenlake-ope/frozenlake";

const P = transitionTable();
const opposite = (a: number) => (a + 2) % 4;

describe("FrozenLake 4x4 dynamics", () => {
  it("has the Gym map: start 0, goal 15, holes 5, 7, 11, 12", () => {
    expect([START, GOAL, [...HOLES]]).toEqual([0, 15, [5, 7, 11, 12]]);
  });

  it("has transition rows that sum to 1, with the slip rules: 1/3 per turned move, never the opposite move", () => {
    for (let s = 0; s < N_STATES; s++) for (let a = 0; a < N_ACTIONS; a++) {
      const row = P[s][a];
      expect(Math.abs(row.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
      if (isTerminal(s)) { expect(row[s]).toBe(1); continue; }
      const expected = new Map<number, number>();
      for (const d of [a, (a + 1) % 4, (a + 3) % 4]) expected.set(move(s, d), (expected.get(move(s, d)) ?? 0) + 1 / 3);
      row.forEach((p, j) => expect(p).toBeCloseTo(expected.get(j) ?? 0, 12));
      const back = move(s, opposite(a));
      if (!expected.has(back)) expect(row[back]).toBe(0);
    }
  });

  it("matches hand-worked cells: LEFT from 0 stays with 2/3; RIGHT from 14 reaches the goal with 1/3", () => {
    expect(P[0][0][0]).toBeCloseTo(2 / 3, 15);
    expect(P[0][0][4]).toBeCloseTo(1 / 3, 15);
    expect([P[14][2][15], P[14][2][10], P[14][2][14]].map((x) => x * 3)).toEqual([1, 1, 1].map((x) => expect.closeTo(x, 12)));
  });
});

describe("exact dynamic programming", () => {
  it("reproduces the published optimum within 100 steps, 0.7442 (Gym: 'optimum = 0.74')", () => {
    expect(Math.abs(optimalSuccessProbability(P, HORIZON) - 0.7442)).toBeLessThan(5e-5);
  });

  it("gives the uniformly random policy 0.0139 within 100 steps", () => {
    expect(Math.abs(successProbability(P, uniformPolicy()) - 0.0139)).toBeLessThan(5e-5);
  });

  it("gives the stationary target policy 0.8235 without a step limit and 0.7402 within 100 steps, a local optimum", () => {
    const target = deterministicPolicy(OPTIMAL_ACTIONS);
    expect(Math.abs(successProbability(P, target, 20_000) - 0.8235)).toBeLessThan(5e-5);
    const v = successProbability(P, target);
    expect(Math.abs(v - 0.7402)).toBeLessThan(5e-5);
    // No single-state change of action improves it (the 0.7442 optimum needs a time-dependent policy).
    for (let s = 0; s < N_STATES; s++) for (let a = 0; a < N_ACTIONS; a++) {
      const changed = [...OPTIMAL_ACTIONS];
      changed[s] = a;
      expect(successProbability(P, deterministicPolicy(changed))).toBeLessThanOrEqual(v + 1e-12);
    }
  });
});

describe("logging episodes", () => {
  const behaviour = epsilonGreedy(OPTIMAL_ACTIONS, 0.3);

  it("is reproducible from a seed and differs across seeds", () => {
    const a = logEpisodes(behaviour, 200, createRng(9)), b = logEpisodes(behaviour, 200, createRng(9)), c = logEpisodes(behaviour, 200, createRng(10));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("ends every episode at a terminal state or after 100 actions, rewarding only the goal", () => {
    for (const e of logEpisodes(behaviour, 500, createRng(3))) {
      expect(e.states.length).toBe(e.actions.length + 1);
      const last = e.states[e.states.length - 1];
      expect(isTerminal(last) || e.actions.length === HORIZON).toBe(true);
      expect(e.states.slice(0, -1).every((s) => !isTerminal(s))).toBe(true);
      expect(e.reward).toBe(last === GOAL ? 1 : 0);
    }
  });

  it("succeeds as often as DP says (4 SE) and its transitions follow P (4 SE per cell)", () => {
    const n = 4000, episodes = logEpisodes(behaviour, n, createRng(4));
    const truth = successProbability(P, behaviour), rate = episodes.filter((e) => e.reward === 1).length / n;
    expect(Math.abs(rate - truth)).toBeLessThan(4 * Math.sqrt(truth * (1 - truth) / n));
    const counts = Array.from({ length: N_STATES * N_ACTIONS }, () => new Float64Array(N_STATES));
    for (const e of episodes) e.actions.forEach((a, t) => { counts[e.states[t] * N_ACTIONS + a][e.states[t + 1]]++; });
    counts.forEach((row, sa) => {
      const total = row.reduce((x, y) => x + y, 0);
      if (total < 50) return;
      const p = P[Math.floor(sa / N_ACTIONS)][sa % N_ACTIONS];
      row.forEach((c, j) => expect(Math.abs(c / total - p[j])).toBeLessThanOrEqual(4 * Math.sqrt(p[j] * (1 - p[j]) / total)));
    });
  });
});
