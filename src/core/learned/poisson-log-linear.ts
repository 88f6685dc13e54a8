/** poissonLogLinear(features): y ~ poisson(exp(coef . [1, x])). */
import { poissonColumns } from "../distributions/poisson";
import { type FamilyDefinition, learned, type LearnedMechanism, linearPredictor, vectorParam } from "./learned-mechanism";

export const POISSON: FamilyDefinition = {
  params: (v, d, _s, range) => ({ decls: [{ name: `${v}.coef`, init: new Float64Array(1 + d), ...(range ? { range } : {}) }], roles: { coef: `${v}.coef` } }),
  distribution(x, n, d, params, spec, v) {
    const eta = linearPredictor(x, n, d, vectorParam(params, spec.params.coef!, 1 + d, v));
    for (let i = 0; i < n; i++) eta[i] = Math.exp(eta[i]);
    return poissonColumns(eta);
  },
};

/**
 * A Poisson log-linear mechanism for a count child: `poisson(exp(b0 + b . features))`
 * (param `<variable>.coef` = [b0, b...]).
 *
 *     .variable("visits", poissonLogLinear(({ age }) => ({ age })))
 */
export function poissonLogLinear<V>(features: (parents: V) => Record<string, number>): LearnedMechanism<V, number> {
  return learned<V, number>("poisson", features);
}
