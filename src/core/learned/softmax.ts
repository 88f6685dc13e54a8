/** softmax(features, { levels }): y ~ categorical(softmax([0, coef_1 . [1, x], ..., coef_{k-1} . [1, x]])); Gumbel-max counterfactuals. */
import { categoricalColumns } from "../distributions/categorical";
import { type FamilyDefinition, learned, type LearnedMechanism, linearPredictor, vectorParam } from "./learned-mechanism";

export const SOFTMAX: FamilyDefinition = {
  checkOptions: (o) => (Number.isInteger(o.levels) && o.levels! >= 2 ? undefined : `softmax needs { levels: k } with a whole k >= 2, got ${o.levels}`),
  params: (v, d, s, range) => ({ decls: [{ name: `${v}.coef`, init: new Float64Array((s.levels! - 1) * (1 + d)), ...(range ? { range } : {}) }], roles: { coef: `${v}.coef` } }),
  distribution(x, n, d, params, spec, v) {
    const k = spec.levels!;
    const coef = vectorParam(params, spec.params.coef!, (k - 1) * (1 + d), v);
    const probs = new Float64Array(n * k);
    const eta = new Float64Array(n);
    for (let r = 1; r < k; r++) {
      linearPredictor(x, n, d, coef, (r - 1) * (1 + d), eta);
      for (let i = 0; i < n; i++) probs[i * k + r] = eta[i];
    }
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let r = 1; r < k; r++) m = Math.max(m, probs[i * k + r]);
      let z = 0;
      for (let r = 0; r < k; r++) { const e = Math.exp(probs[i * k + r] - m); probs[i * k + r] = e; z += e; }
      for (let r = 0; r < k; r++) probs[i * k + r] /= z;
    }
    return categoricalColumns(probs, k);
  },
};

/**
 * A multinomial-logistic mechanism for a categorical child with `levels` values 0..k-1 (level 0 is
 * the reference): param `<variable>.coef` holds k - 1 rows of [b0, b...].
 *
 *     .variable("grade", softmax(({ hours }) => ({ hours }), { levels: 3 }))
 */
export function softmax<V>(features: (parents: V) => Record<string, number>, options: { levels: number }): LearnedMechanism<V, number> {
  return learned<V, number>("softmax", features, { levels: options?.levels });
}
