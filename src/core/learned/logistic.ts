/** logistic(features): y ~ bernoulli(sigmoid(coef . [1, x])); counterfactuals use the Bernoulli's threshold noise. */
import { bernoulliColumns } from "../distributions/bernoulli";
import { type FamilyDefinition, learned, type LearnedMechanism, linearPredictor, vectorParam } from "./learned-mechanism";

export const LOGISTIC: FamilyDefinition = {
  params: (v, d, _s, range) => ({ decls: [{ name: `${v}.coef`, init: new Float64Array(1 + d), ...(range ? { range } : {}) }], roles: { coef: `${v}.coef` } }),
  distribution(x, n, d, params, spec, v) {
    const eta = linearPredictor(x, n, d, vectorParam(params, spec.params.coef!, 1 + d, v));
    for (let i = 0; i < n; i++) { const e = eta[i]; eta[i] = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)); }
    return bernoulliColumns(eta);
  },
};

/**
 * A logistic-regression mechanism for a binary child: `bernoulli(sigmoid(b0 + b . features))`
 * (param `<variable>.coef` = [b0, b...]).
 *
 *     .variable("treated", logistic(({ age, income }) => ({ age, income })))
 */
export function logistic<V>(features: (parents: V) => Record<string, number>): LearnedMechanism<V, 0 | 1> {
  return learned<V, 0 | 1>("logistic", features);
}
