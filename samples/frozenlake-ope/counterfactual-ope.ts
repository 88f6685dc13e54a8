/**
 * The counterfactual off-policy estimate of Oberst & Sontag (ICML 2019): for every logged episode,
 * abduct each step's exogenous noise from what was observed, replay the target policy with that
 * noise (several rollouts per episode, each with its own posterior draw), and average the
 * counterfactual returns. The transition noise comes from a Coupling (Gumbel-max over an
 * estimated or the true table, or the true slip mechanism); a stochastic target policy's action is
 * coupled to the logged action by Gumbel-max noise abducted under the behaviour policy, so a
 * target equal to the behaviour reproduces every logged episode exactly.
 *
 * Divergence: once the counterfactual state differs from the logged one, "shared" keeps using the
 * step's abducted noise (the SCM's own semantics: the noise belongs to the time step, not to the
 * state), "fresh" draws new noise from the prior for that step. Steps beyond the end of the
 * logged episode always use fresh noise. The estimate is not claimed to be unbiased unless the
 * coupling's transition table is the true one.
 */
import { type Rng, gumbelMaxSample, perturbedArgmax, posteriorGumbels } from "causal-studio";
import type { Coupling } from "./couplings";
import { type Episode, GOAL, HORIZON, type PolicyTable, deterministicActions, isTerminal } from "./frozenlake";
import type { OpeEstimate } from "./ope";

export interface CounterfactualOptions<Noise> {
  coupling: Coupling<Noise>;
  target: PolicyTable;
  behaviour: PolicyTable;
  rng: Rng;
  rollouts?: number;
  divergence?: "shared" | "fresh";
  horizon?: number;
}

export interface CounterfactualResult extends OpeEstimate {
  standardError: number;
  /** Mean counterfactual return of each logged episode. */
  perEpisode: Float64Array;
  /** outcomes[observed][counterfactual]: counts over all rollouts (0 = failed, 1 = reached the goal). */
  outcomes: [[number, number], [number, number]];
}

/** One counterfactual rollout of the target policy against a logged episode; returns its final state path. */
export function counterfactualRollout<Noise>(episode: Episode, options: CounterfactualOptions<Noise>): number[] {
  const { coupling, target, behaviour, rng, divergence = "shared", horizon = HORIZON } = options;
  const fixed = deterministicActions(target);
  const logTarget = target.map((row) => Float64Array.from(row, Math.log));
  const logBehaviour = behaviour.map((row) => Float64Array.from(row, Math.log));
  const logged = episode.actions.length;
  let s = episode.states[0];
  const path = [s];
  for (let t = 0; t < horizon && !isTerminal(s); t++) {
    const useLogged = t < logged && (divergence === "shared" || s === episode.states[t]);
    const s0 = episode.states[t], a0 = episode.actions[t];
    let a: number;
    if (fixed) a = fixed[s];
    else if (useLogged) a = perturbedArgmax(logTarget[s], posteriorGumbels(logBehaviour[s0], a0, rng));
    else a = gumbelMaxSample(logTarget[s], rng);
    s = useLogged ? coupling.apply(s, a, coupling.abduct(s0, a0, episode.states[t + 1], rng)) : coupling.fresh(s, a, rng);
    path.push(s);
  }
  return path;
}

export function counterfactualEstimate<Noise>(episodes: Episode[], options: CounterfactualOptions<Noise>): CounterfactualResult {
  const rollouts = options.rollouts ?? 5;
  const perEpisode = new Float64Array(episodes.length);
  const outcomes: [[number, number], [number, number]] = [[0, 0], [0, 0]];
  episodes.forEach((episode, e) => {
    for (let r = 0; r < rollouts; r++) {
      const path = counterfactualRollout(episode, options);
      const cf = path[path.length - 1] === GOAL ? 1 : 0;
      perEpisode[e] += cf / rollouts;
      outcomes[episode.reward][cf]++;
    }
  });
  const n = episodes.length;
  const value = perEpisode.reduce((x, y) => x + y, 0) / n;
  const variance = perEpisode.reduce((acc, x) => acc + (x - value) ** 2, 0) / (n - 1);
  return { value, standardError: Math.sqrt(variance / n), perEpisode, outcomes };
}
