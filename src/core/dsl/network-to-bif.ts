/**
 * Any discrete model as a BIF network (core/graph/bif): each variable's states are the values its
 * mechanism can take (the supports exact inference finds), each table is the mechanism evaluated
 * on every configuration of its parents' values — the same tables variable elimination uses, read
 * from one discrete network of the model's observational world. A variable with a continuous or
 * unbounded mechanism, or a table past the exact limits, cannot be written: NotExactError says which.
 * State names are the values as numbers ("0", "1", "2.5"), or the states a BIF model carries.
 */
import type { BifNetwork } from "../graph/bif/parse-bif";
import type { ModelSpec } from "../runtime/model-spec";
import { cachedDiscreteNetwork } from "../infer/discrete-network";

const WORLD = "observed";

export function networkToBif(spec: ModelSpec): BifNetwork {
  const net = cachedDiscreteNetwork(spec, [{ name: WORLD, do: {} }]);
  const ids = spec.variables.map((v) => {
    const r = net.ref(WORLD, v.name);
    if (!("id" in r)) throw new RangeError(`"${v.name}" is a constant in the observational world`);
    return r.id;
  });
  const idOf = new Map(spec.variables.map((v, i) => [v.name, ids[i]]));
  const variables = spec.variables.map((v, i) => ({
    name: v.name,
    states: net.domains[ids[i]].map((x) => (v.states && Number.isInteger(x) && v.states[x] !== undefined ? v.states[x] : String(x))),
    properties: [],
    range: v.range!, declarationRange: v.range!,
  }));
  // Each variable's table is the factor whose child is its copy (one world: one child per factor).
  const factorOf = new Map(net.factors.map((x) => [x.children[0], x.factor]));
  const tables = spec.variables.map((v, i) => {
    const own = ids[i];
    const f = factorOf.get(own)!;
    const sc = f.stride(own);
    const parents = v.parents.map((p) => idOf.get(p)!);
    const k = net.domains[own].length;
    const cards = parents.map((p) => net.domains[p].length);
    const rows = cards.reduce((a, b) => a * b, 1);
    const values = new Float64Array(rows * k);
    const idx = cards.map(() => 0);
    for (let r = 0; r < rows; r++) {
      let base = 0;
      parents.forEach((p, j) => (base += f.stride(p) * idx[j]));
      for (let s = 0; s < k; s++) values[r * k + s] = f.values[base + sc * s];
      for (let j = idx.length - 1; j >= 0; j--) { if (++idx[j] < cards[j]) break; idx[j] = 0; }
    }
    return { child: v.name, parents: [...v.parents], values, range: v.range!, parentRanges: [] };
  });
  return { name: spec.name, properties: [], variables, tables };
}
