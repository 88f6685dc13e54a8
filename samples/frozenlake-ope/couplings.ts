/**
 * Two structural causal models of the same FrozenLake transition P(s' | s, a), which differ only
 * in their exogenous noise and therefore in their counterfactuals:
 *  - the mechanistic slip SCM (the environment's real mechanism): s' = move(s, a + u), u uniform
 *    on {-1, 0, +1}; the counterfactual keeps the same slip u and applies it to the new action;
 *  - the Gumbel-max SCM over the 16 next states (what Oberst & Sontag assume when the mechanism is
 *    unknown): s' = argmax_j(log P(j | s, a) + g_j).
 * A Coupling abducts a step's noise from an observed transition and replays it for another
 * (state, action); compareCouplings measures where the two disagree. Interventional answers agree
 * exactly; counterfactual answers do not, because counterfactuals are not identified by P.
 */
import { type Rng, counterfactualCategoricalExact, gumbelMaxSample, perturbedArgmax, posteriorGumbels } from "causal-studio";
import { N_ACTIONS, N_STATES, SLIPS, type TransitionTable, isTerminal, slipNext } from "./frozenlake";

export interface Coupling<Noise> {
  name: string;
  /** A draw of the step's noise from its posterior given the observed transition s -a-> next. */
  abduct(s: number, a: number, next: number, rng: Rng): Noise;
  /** The next state for (s, a) under that noise. */
  apply(s: number, a: number, noise: Noise): number;
  /** A next state for (s, a) under fresh noise from the prior. */
  fresh(s: number, a: number, rng: Rng): number;
}

/** Gumbel-max noise over next states, for a given (true or estimated) transition table. */
export function gumbelCoupling(transitions: TransitionTable, name = "Gumbel-max"): Coupling<Float64Array> {
  const logP = transitions.map((row) => row.map((p) => Float64Array.from(p, Math.log)));
  return {
    name,
    abduct: (s, a, next, rng) => posteriorGumbels(logP[s][a], next, rng),
    apply: (s, a, noise) => perturbedArgmax(logP[s][a], noise),
    fresh: (s, a, rng) => gumbelMaxSample(logP[s][a], rng),
  };
}

/** The environment's own slip noise (needs the true mechanism, which an analyst would not have). */
export function slipCoupling(): Coupling<number> {
  return {
    name: "slip (true mechanism)",
    abduct(s, a, next, rng) {
      const consistent = SLIPS.filter((u) => slipNext(s, a, u) === next);
      if (consistent.length === 0) throw new RangeError(`the transition ${s} -${a}-> ${next} cannot happen under the slip mechanism`);
      return consistent[Math.floor(rng.next() * consistent.length)];
    },
    apply: (s, a, u) => slipNext(s, a, u),
    fresh: (s, a, rng) => slipNext(s, a, SLIPS[Math.floor(rng.next() * 3)]),
  };
}

/** P(s' | s, a) by enumerating the slip SCM's noise (a second construction of the transition table). */
export function slipMarginal(s: number, a: number): Float64Array {
  const row = new Float64Array(N_STATES);
  for (const u of SLIPS) row[slipNext(s, a, u)] += 1 / SLIPS.length;
  return row;
}

/** The slip SCM's exact counterfactual distribution of s' under a' after observing s -a-> next. */
export function slipCounterfactual(s: number, a: number, next: number, aPrime: number): Float64Array {
  const consistent = SLIPS.filter((u) => slipNext(s, a, u) === next);
  const row = new Float64Array(N_STATES);
  for (const u of consistent) row[slipNext(s, aPrime, u)] += 1 / consistent.length;
  return row;
}

export interface CouplingComparison {
  /** max |P_slip(s'|s,a) - P(s'|s,a)| over all (s, a, s'): the two SCMs' interventional agreement. */
  marginalMaxAbsDifference: number;
  /** max over (s, a, a', s'') of |sum_s' P(s'|s,a) CF(s'' | s, a, s', a') - P(s''|s,a')| for each SCM. */
  mixtureMaxAbsDifference: { slip: number; gumbel: number };
  /** (s, a, s', a') tuples with s non-terminal and P(s'|s,a) > 0. */
  tuples: number;
  /** Tuples where the two counterfactual distributions differ (total variation > 1e-9). */
  differing: number;
  share: number;
  maxTotalVariation: number;
  meanTotalVariation: number;
  /** Tuples with a' = a (both SCMs must return the observation); among them, how many differ. */
  sameActionTuples: number;
  sameActionDiffering: number;
}

export function compareCouplings(transitions: TransitionTable): CouplingComparison {
  let marginal = 0, mixSlip = 0, mixGumbel = 0, tuples = 0, differing = 0, maxTv = 0, sumTv = 0, same = 0, sameDiff = 0;
  for (let s = 0; s < N_STATES; s++) {
    if (isTerminal(s)) continue;
    for (let a = 0; a < N_ACTIONS; a++) {
      const p = transitions[s][a], slipP = slipMarginal(s, a);
      for (let j = 0; j < N_STATES; j++) marginal = Math.max(marginal, Math.abs(slipP[j] - p[j]));
      for (let aPrime = 0; aPrime < N_ACTIONS; aPrime++) {
        const mixS = new Float64Array(N_STATES), mixG = new Float64Array(N_STATES);
        for (let next = 0; next < N_STATES; next++) {
          if (p[next] === 0) continue;
          const slip = slipCounterfactual(s, a, next, aPrime);
          const gumbel = counterfactualCategoricalExact(p, next, transitions[s][aPrime]);
          let tv = 0;
          for (let j = 0; j < N_STATES; j++) {
            tv += Math.abs(slip[j] - gumbel[j]) / 2;
            mixS[j] += p[next] * slip[j];
            mixG[j] += p[next] * gumbel[j];
          }
          tuples++;
          sumTv += tv;
          maxTv = Math.max(maxTv, tv);
          if (tv > 1e-9) differing++;
          if (aPrime === a) { same++; if (tv > 1e-9) sameDiff++; }
        }
        for (let j = 0; j < N_STATES; j++) {
          mixSlip = Math.max(mixSlip, Math.abs(mixS[j] - transitions[s][aPrime][j]));
          mixGumbel = Math.max(mixGumbel, Math.abs(mixG[j] - transitions[s][aPrime][j]));
        }
      }
    }
  }
  return {
    marginalMaxAbsDifference: marginal, mixtureMaxAbsDifference: { slip: mixSlip, gumbel: mixGumbel },
    tuples, differing, share: differing / tuples, maxTotalVariation: maxTv, meanTotalVariation: sumTv / tuples,
    sameActionTuples: same, sameActionDiffering: sameDiff,
  };
}
