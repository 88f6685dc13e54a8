/**
 * The hidden-confounder variant of the experiment (the qualitative headline of Oberst & Sontag's
 * sepsis study): each episode's ice is icy or dry, the behaviour sees it (careful policy on icy
 * ice, the direct route on dry ice, both epsilon-greedy), the logs and the analyst's model do not.
 * The target is the direct route, in every episode. The analyst's estimates (IS and WIS with
 * pooled propensities, the pooled tabular model, Gumbel-max counterfactuals on it) are set against
 * the exact truth, against oracles that know each episode's ice, and against the exact
 * infinite-data limits of the pooled model with and without the behaviour's dependence on the ice.
 */
import { createRng } from "causal-studio";
import { gumbelCoupling } from "./couplings";
import { type CounterfactualResult, counterfactualEstimate } from "./counterfactual-ope";
import { OPTIMAL_ACTIONS, type PolicyTable, deterministicPolicy, epsilonGreedy, successProbability } from "./frozenlake";
import { DRY_ACTIONS, type HiddenEpisode, ICE, type IceConfig, conditionSlipCoupling, estimatePolicy, hiddenValue, logHiddenEpisodes, pooledLimit } from "./hidden-ice";
import { estimateTransitions, importanceSampling, modelBased, observedReturn, type OpeEstimate } from "./ope";

export interface HiddenOptions {
  config?: IceConfig; episodes?: number; epsilon?: number; seed?: number; rollouts?: number;
  /** The target's actions (default DRY_ACTIONS) and the behaviour's base actions per condition. */
  targetActions?: readonly number[]; icyActions?: readonly number[]; dryActions?: readonly number[];
}

/** Counterfactual outcomes of the episodes that failed under the behaviour, by hidden condition. */
export interface WhereRow { failed: number; rescued: number; rescuedShare: number }
export interface CounterfactualSplit extends OpeEstimate { standardError: number; icy: CounterfactualResult; dry: CounterfactualResult; where: { icy: WhereRow; dry: WhereRow } }

export interface HiddenResult {
  config: IceConfig; episodes: number; epsilon: number; seed: number; rollouts: number; icyEpisodes: number;
  truth: { value: number; icy: number; dry: number };
  behaviourTruth: { value: number; icy: number; dry: number };
  behaviourObserved: OpeEstimate;
  is: OpeEstimate; wis: OpeEstimate; effectiveSampleSize: number;
  isOracle: OpeEstimate; wisOracle: OpeEstimate;
  modelBased: OpeEstimate & { unseen: number };
  /** Exact DP of the target on the pooled model's infinite-data limit: as logged, and if the behaviour's style ignored the ice. */
  pooledLimit: number; pooledLimitUnconfounded: number;
  cfLearned: CounterfactualSplit; cfOracle: CounterfactualSplit;
}

export function runHiddenExperiment(options: HiddenOptions = {}): HiddenResult {
  const { config = ICE, episodes: n = 1000, epsilon = 0.1, seed = 2019, rollouts = 5 } = options;
  const { targetActions = DRY_ACTIONS, icyActions = OPTIMAL_ACTIONS, dryActions = DRY_ACTIONS } = options;
  const target = deterministicPolicy(targetActions);
  const behaviour = { icy: epsilonGreedy(icyActions, epsilon), dry: epsilonGreedy(dryActions, epsilon) };
  const behaviourOf = (e: HiddenEpisode): PolicyTable => (e.icy ? behaviour.icy : behaviour.dry);
  const episodes = logHiddenEpisodes(config, behaviour, n, createRng(seed), createRng(seed + 100));
  const pooled = importanceSampling(episodes, target, estimatePolicy(episodes));
  const oracle = importanceSampling(episodes, target, behaviourOf);
  const half = (p: PolicyTable) => ({ policy: p, icy: 0.5, dry: 0.5 });
  const learned = estimateTransitions(episodes).transitions;
  const learnedCoupling = gumbelCoupling(learned, "Gumbel-max, learned pooled P");
  return {
    config, episodes: n, epsilon, seed, rollouts, icyEpisodes: episodes.filter((e) => e.icy).length,
    truth: hiddenValue(config, { icy: target, dry: target }),
    behaviourTruth: hiddenValue(config, behaviour),
    behaviourObserved: observedReturn(episodes),
    is: pooled.is, wis: pooled.wis, effectiveSampleSize: pooled.effectiveSampleSize,
    isOracle: oracle.is, wisOracle: oracle.wis,
    modelBased: modelBased(episodes, target, createRng(seed + 1)),
    pooledLimit: successProbability(pooledLimit(config, behaviour).transitions, target),
    pooledLimitUnconfounded: successProbability(pooledLimit(config, [half(behaviour.icy), half(behaviour.dry)]).transitions, target),
    cfLearned: splitCounterfactual(episodes, () => learnedCoupling, target, behaviourOf, seed + 2, rollouts),
    cfOracle: splitCounterfactual(episodes, (icy) => conditionSlipCoupling(icy ? config.icy : config.dry), target, behaviourOf, seed + 4, rollouts),
  };
}

/** Runs the counterfactual estimate on the icy and the dry episodes separately (each with its own coupling) and pools them. */
function splitCounterfactual(episodes: HiddenEpisode[], coupling: (icy: boolean) => Parameters<typeof counterfactualEstimate>[1]["coupling"], target: PolicyTable,
  behaviourOf: (e: HiddenEpisode) => PolicyTable, seed: number, rollouts: number): CounterfactualSplit {
  const part = (icy: boolean, offset: number) => {
    const subset = episodes.filter((e) => e.icy === icy);
    const behaviour = subset.length > 0 ? behaviourOf(subset[0]) : target;
    return counterfactualEstimate(subset, { coupling: coupling(icy), target, behaviour, rng: createRng(seed + offset), rollouts });
  };
  const icy = part(true, 0), dry = part(false, 1);
  const all = [...icy.perEpisode, ...dry.perEpisode], n = all.length;
  const value = all.reduce((x, y) => x + y, 0) / n;
  const standardError = Math.sqrt(all.reduce((acc, x) => acc + (x - value) ** 2, 0) / (n - 1) / n);
  const where = (x: CounterfactualResult): WhereRow => {
    const failed = (x.outcomes[0][0] + x.outcomes[0][1]) / rollouts, rescued = x.outcomes[0][1] / rollouts;
    return { failed, rescued, rescuedShare: failed > 0 ? rescued / failed : 0 };
  };
  return { value, standardError, icy, dry, where: { icy: where(icy), dry: where(dry) } };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));
const row = (label: string, e: OpeEstimate, note = "") =>
  `${label.padEnd(52)} ${fmt(e.value).padStart(8)}  ${(e.standardError === undefined ? "" : fmt(e.standardError)).padStart(8)}  ${note}`.trimEnd();
const slip = (p: readonly number[]) => p.map((x) => x.toFixed(2)).join("/");

export function formatHiddenReport(r: HiddenResult): string {
  const split = (x: CounterfactualSplit) => `icy ${fmt(x.icy.value)}, dry ${fmt(x.dry.value)}`;
  const where = (name: string, x: CounterfactualSplit) =>
    `  ${name.padEnd(34)} icy: ${x.where.icy.rescued.toFixed(1).padStart(6)} of ${String(x.where.icy.failed).padStart(3)} (${(100 * x.where.icy.rescuedShare).toFixed(1).padStart(4)}%)` +
    `   dry: ${x.where.dry.rescued.toFixed(1).padStart(5)} of ${String(x.where.dry.failed).padStart(3)} (${(100 * x.where.dry.rescuedShare).toFixed(1).padStart(4)}%)`;
  return [
    `Hidden confounder: per-episode ice (icy with probability ${r.config.pIcy}, slips ${slip(r.config.icy)}; dry ${slip(r.config.dry)}), seen by the behaviour only`,
    `target: the direct route, every episode; behaviour: epsilon-greedy (epsilon = ${r.epsilon}) around the careful policy on icy ice, the direct route on dry ice`,
    `logged: ${r.episodes} episodes (${r.icyEpisodes} icy, not recorded), seed ${r.seed}; ${r.rollouts} counterfactual rollouts per episode`,
    ``,
    `${"estimate of P(reach the goal)".padEnd(52)} ${"value".padStart(8)}  ${"SE".padStart(8)}`,
    row("true value of the target policy (DP over the ice)", { value: r.truth.value }, `icy ${fmt(r.truth.icy)}, dry ${fmt(r.truth.dry)}`),
    row("behaviour policy, true value (DP)", { value: r.behaviourTruth.value }, `icy ${fmt(r.behaviourTruth.icy)}, dry ${fmt(r.behaviourTruth.dry)}`),
    row("behaviour policy, observed in the logs", r.behaviourObserved),
    row("IS, pooled estimated propensities", r.is),
    row("WIS, pooled estimated propensities", r.wis, `ESS ${r.effectiveSampleSize.toFixed(1)} of ${r.episodes}`),
    row("MB (pooled tabular MLE model + DP)", r.modelBased, `bootstrap SE; ${r.modelBased.unseen} unseen (s, a)`),
    row("CF, Gumbel-max on learned pooled P", r.cfLearned, split(r.cfLearned)),
    row("oracle IS, propensities given the ice", r.isOracle),
    row("oracle WIS, propensities given the ice", r.wisOracle),
    row("oracle CF, true slip mechanism given the ice", r.cfOracle, split(r.cfOracle)),
    row("MB limit, infinite logs (exact)", { value: r.pooledLimit }),
    row("MB limit, infinite logs, behaviour blind to the ice", { value: r.pooledLimitUnconfounded }, "(same two styles, drawn independently of the ice)"),
    ``,
    `where: logged failures that the target would turn into successes (mean over rollouts), by the hidden ice:`,
    where("Gumbel-max on learned pooled P", r.cfLearned),
    where("true slip mechanism given the ice", r.cfOracle),
  ].join("\n");
}
