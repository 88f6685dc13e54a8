/** linearGaussian(features): y ~ normal(coef . [1, x], sd); additive Gaussian noise, so counterfactuals abduct it exactly. */
import { normalColumns } from "../distributions/normal";
import { type FamilyDefinition, learned, type LearnedMechanism, linearPredictor, vectorParam } from "./learned-mechanism";

export const LINEAR_GAUSSIAN: FamilyDefinition = {
  params: (v, d, _s, range) => ({
    decls: [
      { name: `${v}.coef`, init: new Float64Array(1 + d), ...(range ? { range } : {}) },
      { name: `${v}.sd`, init: 1, constraint: "positive", ...(range ? { range } : {}) },
    ],
    roles: { coef: `${v}.coef`, sd: `${v}.sd` },
  }),
  distribution(x, n, d, params, spec, v) {
    const coef = vectorParam(params, spec.params.coef!, 1 + d, v);
    return normalColumns(linearPredictor(x, n, d, coef), params[spec.params.sd!] as number);
  },
};

/**
 * A linear-Gaussian mechanism: `normal(b0 + b . features, sd)` with learnable b0, b and sd
 * (params `<variable>.coef` = [b0, b...] and `<variable>.sd`).
 *
 *     .variable("wage", linearGaussian(({ educ, training }) => ({ educ, training })))
 */
export function linearGaussian<V>(features: (parents: V) => Record<string, number>): LearnedMechanism<V, number> {
  return learned<V, number>("linear-gaussian", features);
}

