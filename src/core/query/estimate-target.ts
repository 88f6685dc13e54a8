/**
 * Picks and runs the inference for one target: exact variable elimination (single world, or
 * the merged twin network for counterfactuals) when every variable is discrete with finite
 * support and the tables stay small; closed-form Gaussian conditioning (infer/gaussian-network.ts)
 * when every mechanism is linear-Gaussian and the target linear; otherwise vectorised ancestral sampling / likelihood
 * weighting with a standard error. `method: "exact"` refuses rather than approximates (the
 * choice is exact-or-sample.ts's, shared with the batched answer()).
 */
import { cachedDiscreteNetwork, type WorldSpec } from "../infer/discrete-network";
import type { Estimate, Reader, Target } from "../infer/estimate";
import { exactDistribution, exactExpectation } from "../infer/exact-expectation";
import { gaussianExpectation } from "../infer/gaussian-network";
import { NotExactError } from "../infer/not-exact";
import { sampleWorlds } from "../infer/sample-worlds";
import { WeightedMean } from "../infer/weighted-mean";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import { tryExact, withNote } from "./exact-or-sample";
import type { QueryOptions } from "./options";
import { resolveOptions } from "./options";
import { supportProbe } from "./support-probe";

export interface TargetPlan {
  worlds: readonly WorldSpec[];
  evidence: Readonly<Record<string, number>>;
}

/** Sees each sampled row's target value and log likelihood weight, in order (not called for an exact answer). */
export type SampleSink = (value: number, logWeight: number) => void;

/** The target's expectation; `sink`, when given, also receives every sampled row (answer() summarises the target's distribution from them). */
export function estimateTarget(spec: ModelSpec, plan: TargetPlan, target: Target, options?: QueryOptions, sink?: SampleSink): Estimate {
  const opts = resolveOptions(options);
  const multi = plan.worlds.length > 1;
  const tried = tryExact(opts.method, () => exact(spec, plan, target, multi));
  return tried.exact ? tried.value : withNote(sampled(spec, plan, target, opts.samples, opts.seed, multi, sink), tried.note);
}

/** Exact: variable elimination on the discrete network; failing that, Gaussian conditioning when the model is linear-Gaussian; else the discrete reason. */
function exact(spec: ModelSpec, plan: TargetPlan, target: Target, multi: boolean): Estimate {
  const evidence = Object.entries(plan.evidence).map(([name, value]) => ({ world: FACTUAL, name, value }));
  try {
    const { value, largestTable } = exactExpectation(cachedDiscreteNetwork(spec, plan.worlds), evidence, target);
    return { value, standardError: 0, method: multi ? "twin-network variable elimination" : "variable elimination", largestTable };
  } catch (e) {
    if (!(e instanceof NotExactError)) throw e;
    const closed = closedForm(spec, plan, evidence, target);
    if (!closed) throw e;
    const estimate: Estimate = { value: closed.value, standardError: 0, method: CLOSED_FORM };
    closedFormSds.set(estimate, closed.sd);
    return estimate;
  }
}

/**
 * P(target = v) for each of `values`, exactly, from one elimination and one pass over its joint;
 * NotExactError when the network cannot be exact (a distribution of states has no Gaussian closed form).
 */
export function exactTargetDistribution(spec: ModelSpec, plan: TargetPlan, target: Target, values: readonly number[]): Estimate[] {
  const evidence = Object.entries(plan.evidence).map(([name, value]) => ({ world: FACTUAL, name, value }));
  const { probabilities, largestTable } = exactDistribution(cachedDiscreteNetwork(spec, plan.worlds), evidence, target, values);
  const method = plan.worlds.length > 1 ? "twin-network variable elimination" : "variable elimination";
  return probabilities.map((value) => ({ value, standardError: 0, method, largestTable }));
}

export const CLOSED_FORM = "closed form (Gaussian conditioning)";

/** The exact sd that Gaussian conditioning computed with a closed-form estimate (kept beside it, not recomputed). */
const closedFormSds = new WeakMap<Estimate, number>();

/** The target's exact sd, for an estimate that came from the closed form (its spread), else undefined. */
export function closedFormSd(e: Estimate): number | undefined {
  return closedFormSds.get(e);
}

/**
 * Whether the model can be linear-Gaussian, judged from the support probe (every site normal on the
 * model's own forward rows) before the form is read: reading it evaluates mechanisms at points far
 * from where the model goes (up to 10^4), which a model with another family there (a bernoulli that
 * loops when its parent exceeds 1) must never see.
 */
export function mayBeLinearGaussian(spec: ModelSpec): boolean {
  const probe = supportProbe(spec);
  return spec.variables.every((v) => {
    const ds = probe.get(v.name) ?? [];
    return ds.length > 0 && ds.every((d) => d.kind === "normal");
  });
}

function closedForm(spec: ModelSpec, plan: TargetPlan, evidence: { world: string; name: string; value: number }[], target: Target): { value: number; sd: number } | undefined {
  if (!mayBeLinearGaussian(spec)) return undefined;
  try {
    return gaussianExpectation(spec, plan.worlds, evidence, target);
  } catch (e) {
    if (e instanceof NotExactError) return undefined;
    throw e;
  }
}

function sampled(spec: ModelSpec, plan: TargetPlan, target: Target, samples: number, seed: number, multi: boolean, sink?: SampleSink): Estimate {
  const acc = new WeightedMean();
  const weighted = Object.keys(plan.evidence).length > 0;
  sampleWorlds(spec, { worlds: plan.worlds, evidence: plan.evidence, samples, seed }, (batch, n) => {
    const cols = batch.worlds;
    let row = 0;
    const read: Reader = (w, name) => cols[w][name][row];
    for (; row < n; row++) {
      const f = target(read);
      acc.add(f, batch.logWeight[row]);
      sink?.(f, batch.logWeight[row]);
    }
  });
  const method = `${multi ? "multi-world " : ""}${weighted ? "likelihood weighting" : "ancestral sampling"}`;
  return acc.result(method, weighted);
}
