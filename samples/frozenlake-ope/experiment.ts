/**
 * The whole off-policy-evaluation experiment as one function returning plain numbers, and a
 * formatter for the side-by-side table that main.ts prints. Behaviour policy: epsilon-greedy
 * (epsilon = 0.3) around the target. Why: it is far worse than the target (success 0.15 against
 * 0.74), so evaluating the target from its logs is a real extrapolation, yet every action keeps
 * probability >= 0.075 in every state, so importance weights are defined and the model-based and
 * counterfactual estimators see every (state, action) the target needs.
 */
import { createRng } from "causal-studio";
import { compareCouplings, gumbelCoupling, slipCoupling, type CouplingComparison } from "./couplings";
import { counterfactualEstimate, type CounterfactualResult } from "./counterfactual-ope";
import { HORIZON, OPTIMAL_ACTIONS, deterministicPolicy, epsilonGreedy, logEpisodes, optimalSuccessProbability, successProbability, transitionTable } from "./frozenlake";
import { estimateTransitions, importanceSampling, importanceSamplingMoments, modelBased, observedReturn, type OpeEstimate } from "./ope";

export interface ExperimentOptions { episodes?: number; epsilon?: number; seed?: number; rollouts?: number }

export interface ExperimentResult {
  episodes: number; epsilon: number; seed: number; rollouts: number;
  optimumWithin100: number;
  truth: number;
  behaviourTruth: number;
  behaviourObserved: OpeEstimate;
  is: OpeEstimate; wis: OpeEstimate; effectiveSampleSize: number;
  exactIsStandardError: number; asymptoticWisStandardError: number;
  modelBased: OpeEstimate & { unseen: number };
  cfLearned: CounterfactualResult; cfLearnedFresh: CounterfactualResult; cfTrueTable: CounterfactualResult; cfSlip: CounterfactualResult;
  couplings: CouplingComparison;
  /** Exact IS / WIS standard errors at this many episodes for other behaviour epsilons (DP, no sampling). */
  isScaling: { epsilon: number; isStandardError: number; wisStandardError: number; expectedEss: number }[];
}

export function runExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const { episodes: n = 1000, epsilon = 0.3, seed = 2019, rollouts = 5 } = options;
  const P = transitionTable();
  const target = deterministicPolicy(OPTIMAL_ACTIONS), behaviour = epsilonGreedy(OPTIMAL_ACTIONS, epsilon);
  const episodes = logEpisodes(behaviour, n, createRng(seed));
  const { is, wis, effectiveSampleSize } = importanceSampling(episodes, target, behaviour);
  const moments = importanceSamplingMoments(P, target, behaviour, n);
  const learned = estimateTransitions(episodes).transitions;
  const cf = (coupling: Parameters<typeof counterfactualEstimate>[1]["coupling"], offset: number, divergence: "shared" | "fresh" = "shared") =>
    counterfactualEstimate(episodes, { coupling, target, behaviour, rng: createRng(seed + offset), rollouts, divergence });
  return {
    episodes: n, epsilon, seed, rollouts,
    optimumWithin100: optimalSuccessProbability(P, HORIZON),
    truth: successProbability(P, target),
    behaviourTruth: successProbability(P, behaviour),
    behaviourObserved: observedReturn(episodes),
    is, wis, effectiveSampleSize,
    exactIsStandardError: moments.isStandardError, asymptoticWisStandardError: moments.wisStandardError,
    modelBased: modelBased(episodes, target, createRng(seed + 1)),
    cfLearned: cf(gumbelCoupling(learned, "Gumbel-max, learned P"), 2),
    cfLearnedFresh: cf(gumbelCoupling(learned, "Gumbel-max, learned P"), 3, "fresh"),
    cfTrueTable: cf(gumbelCoupling(P, "Gumbel-max, true P"), 4),
    cfSlip: cf(slipCoupling(), 5),
    couplings: compareCouplings(P),
    isScaling: [0.02, 0.05, 0.1, 0.3].map((eps) => {
      const m = importanceSamplingMoments(P, target, epsilonGreedy(OPTIMAL_ACTIONS, eps), n);
      return { epsilon: eps, isStandardError: m.isStandardError, wisStandardError: m.wisStandardError, expectedEss: n / m.w2 };
    }),
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));
const row = (label: string, e: OpeEstimate, note = "") =>
  `${label.padEnd(44)} ${fmt(e.value).padStart(8)}  ${(e.standardError === undefined ? "" : fmt(e.standardError)).padStart(8)}  ${note}`.trimEnd();

export function formatReport(r: ExperimentResult): string {
  const c = r.couplings;
  const lines = [
    `FrozenLake 4x4 (slippery, 100-step episodes): off-policy evaluation of the optimal policy`,
    `logged: ${r.episodes} episodes of epsilon-greedy (epsilon = ${r.epsilon}) around it, seed ${r.seed}; ${r.rollouts} counterfactual rollouts per episode`,
    ``,
    `${"estimate of P(reach the goal)".padEnd(44)} ${"value".padStart(8)}  ${"SE".padStart(8)}`,
    row("true value of the target policy (DP)", { value: r.truth }, `(best non-stationary policy: ${fmt(r.optimumWithin100)})`),
    row("behaviour policy, true value (DP)", { value: r.behaviourTruth }),
    row("behaviour policy, observed in the logs", r.behaviourObserved),
    row("IS (ordinary importance sampling)", r.is, `exact SE ${fmt(r.exactIsStandardError)}`),
    row("WIS (weighted importance sampling)", r.wis, `ESS ${r.effectiveSampleSize.toFixed(1)} of ${r.episodes}`),
    row("MB (tabular MLE model + DP)", r.modelBased, `bootstrap SE; ${r.modelBased.unseen} unseen (s, a)`),
    row("CF, Gumbel-max on learned P", r.cfLearned),
    row("CF, Gumbel-max on learned P, fresh noise", r.cfLearnedFresh, "after leaving the logged states"),
    row("CF, Gumbel-max on true P", r.cfTrueTable),
    row("CF, true slip mechanism", r.cfSlip),
    ``,
    `observed -> counterfactual outcomes over all rollouts (fail->fail, fail->goal, goal->fail, goal->goal):`,
    ...([["Gumbel-max, learned P", r.cfLearned], ["Gumbel-max, true P", r.cfTrueTable], ["true slip mechanism", r.cfSlip]] as const).map(
      ([name, x]) => `  ${name.padEnd(24)} ${[x.outcomes[0][0], x.outcomes[0][1], x.outcomes[1][0], x.outcomes[1][1]].map((k) => String(k).padStart(6)).join("")}`),
    ``,
    `exact importance-sampling standard errors for ${r.episodes} episodes, by behaviour epsilon (DP over trajectories):`,
    ...r.isScaling.map((x) => `  epsilon ${x.epsilon.toFixed(2)}: IS SE ${x.isStandardError.toPrecision(3)}, WIS SE (delta method) ${x.wisStandardError.toPrecision(3)}, n / E[w^2] = ${x.expectedEss.toPrecision(3)}`),
    ``,
    `two SCMs of one transition table (slip noise vs Gumbel-max noise):`,
    `  P(s'|s,a) max abs difference: ${c.marginalMaxAbsDifference}; counterfactuals averaged over s' give back P(s'|s,a'): max abs error ${c.mixtureMaxAbsDifference.slip.toExponential(1)} (slip), ${c.mixtureMaxAbsDifference.gumbel.toExponential(1)} (Gumbel-max)`,
    `  counterfactual next-state distributions differ on ${c.differing} of ${c.tuples} (s, a, s', a') tuples (${(100 * c.share).toFixed(1)}%); max TV ${fmt(c.maxTotalVariation)}, mean TV ${fmt(c.meanTotalVariation)}; with a' = a they differ on ${c.sameActionDiffering} of ${c.sameActionTuples}`,
  ];
  return lines.join("\n");
}
