/** tabular(features, { levels, featureLevels }): a conditional probability table, one categorical per parent configuration. */
import { categoricalColumns } from "../distributions/categorical";
import { CausalError, error } from "../errors/diagnostic";
import { type FamilyDefinition, learned, type LearnedMechanism, vectorParam } from "./learned-mechanism";

/** The number of parent configurations of a tabular mechanism. */
export function configurations(featureLevels: readonly number[]): number {
  return featureLevels.reduce((a, b) => a * b, 1);
}

export const TABULAR: FamilyDefinition = {
  checkOptions(o, features) {
    if (!(Number.isInteger(o.levels) && o.levels! >= 2)) return `tabular needs { levels: k } with a whole k >= 2, got ${o.levels}`;
    for (const f of features) {
      const l = o.featureLevels?.[f];
      if (!(Number.isInteger(l) && l! >= 1)) return `tabular needs the number of levels of every feature in { featureLevels: { ${features.map((g) => `${g}: n`).join(", ")} } }; "${f}" has ${l === undefined ? "none" : l}`;
    }
    if (o.pseudoCount !== undefined && !(Number.isFinite(o.pseudoCount) && o.pseudoCount >= 0)) return `tabular's pseudoCount must be a finite number >= 0, got ${o.pseudoCount}`;
    const extra = Object.keys(o.featureLevels ?? {}).filter((f) => !features.includes(f));
    return extra.length ? `featureLevels names ${extra.join(", ")}, which ${extra.length > 1 ? "are not features" : "is not a feature"} (features: ${features.join(", ") || "none"})` : undefined;
  },
  params(v, _d, s, range) {
    const k = s.levels!, c = configurations(s.featureLevels ?? []);
    return { decls: [{ name: `${v}.cpt`, init: new Float64Array(c * k).fill(1 / k), constraint: { simplices: k }, ...(range ? { range } : {}) }], roles: { cpt: `${v}.cpt` } };
  },
  distribution(x, n, d, params, spec, v) {
    const k = spec.levels!, fl = spec.featureLevels ?? [];
    const cpt = vectorParam(params, spec.params.cpt!, configurations(fl) * k, v);
    const probs = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < d; j++) {
        const l = x[i * d + j];
        if (!(Number.isInteger(l) && l >= 0 && l < fl[j])) {
          throw new CausalError(error("invalid-parameter", `row ${i}: the tabular mechanism of "${v}" reads feature "${spec.features[j]}" = ${l}, not a level in 0..${fl[j] - 1}`));
        }
        c = c * fl[j] + l;
      }
      probs.set(cpt.subarray(c * k, (c + 1) * k), i * k);
    }
    return categoricalColumns(probs, k);
  },
};

/**
 * A conditional probability table for a categorical child with `levels` values, given discrete
 * features (level indices) with the stated numbers of levels: param `<variable>.cpt` holds one
 * simplex of `levels` entries per configuration (row-major, the first feature most significant).
 * `pseudoCount: a` adds a to every cell when the table is trained (the posterior mean under a
 * symmetric Dirichlet(a) prior), so a level never seen after a configuration keeps a small
 * probability instead of 0 (which would make such a unit impossible evidence).
 *
 *     .variable("wet", tabular(({ rain, sprinkler }) => ({ rain, sprinkler }), { levels: 2, featureLevels: { rain: 2, sprinkler: 2 } }))
 */
export function tabular<V>(features: (parents: V) => Record<string, number>, options: { levels: number; featureLevels: Record<string, number>; pseudoCount?: number }): LearnedMechanism<V, number> {
  return learned<V, number>("tabular", features, { levels: options?.levels, featureLevels: options?.featureLevels, ...(options?.pseudoCount !== undefined ? { pseudoCount: options.pseudoCount } : {}) });
}
