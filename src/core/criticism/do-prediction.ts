/**
 * The model's predictions under one intervention, for the checks that compare them with data
 * (interventional-fidelity.ts): E[Y | do(V = v)] and P(Y = k | do(V = v)) for each target, exact by
 * variable elimination when the model is discrete with small tables, else by seeded ancestral
 * sampling under the intervention with the Monte Carlo standard error; and a spec with given param
 * values (what withParams does), which the predictive checks use too.
 */
import type { DiscreteNetwork } from "../infer/discrete-network";
import { buildDiscreteNetwork, NotExactError } from "../infer/discrete-network";
import { exactExpectation } from "../infer/exact-expectation";
import { sampleWorlds } from "../infer/sample-worlds";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { Runtime } from "../runtime/runtime";

export type PredictionMethod = "exact" | "monte-carlo";

/** The spec with its params' initial values replaced by the store's (what withParams does). */
export function withParamValues(spec: ModelSpec, params?: ParamStore): ModelSpec {
  if (!params || !spec.params) return spec;
  return { ...spec, params: spec.params.map((d) => { const v = params.get(d.name); return v === undefined ? d : { ...d, init: v }; }) };
}

export interface Prediction {
  method: PredictionMethod;
  samples?: number;
  /** Per variable: mean and its MC standard error, and the distribution over values (probabilities, or sampled counts). */
  mean: Map<string, { value: number; se: number }>;
  distribution: Map<string, Map<number, number>>;
}

/** E[Y | do(V = v)] for every Y in `targets`: exact by variable elimination when the model allows, else sampled. */
export function predict(spec: ModelSpec, intervened: string, value: number, targets: readonly string[], discrete: ReadonlySet<string>, samples: number, seed: number): Prediction {
  const worlds = [{ name: FACTUAL, do: { [intervened]: value } }];
  let net: DiscreteNetwork | undefined;
  try {
    net = buildDiscreteNetwork(new Runtime(spec.variables.map((v) => v.name)), spec, worlds);
  } catch (e) {
    if (!(e instanceof NotExactError)) throw e;
  }
  if (net) {
    try {
      const mean = new Map<string, { value: number; se: number }>(), distribution = new Map<string, Map<number, number>>();
      for (const y of targets) {
        mean.set(y, { value: exactExpectation(net, [], (read) => read(FACTUAL, y)).value, se: 0 });
        if (!discrete.has(y)) continue;
        const r = net.ref(FACTUAL, y);
        const support = "value" in r ? [r.value] : net.domains[r.id];
        distribution.set(y, new Map(support.map((k) => [k, exactExpectation(net!, [], (read) => (read(FACTUAL, y) === k ? 1 : 0)).value])));
      }
      return { method: "exact", mean, distribution };
    } catch (e) {
      if (!(e instanceof NotExactError)) throw e;
    }
  }
  // Sums shifted by each variable's first draw, so the variance loses no precision to a large mean.
  const sums = new Map(targets.map((y) => [y, { shift: NaN, s: 0, s2: 0 }]));
  const distribution = new Map<string, Map<number, number>>();
  for (const y of targets) if (discrete.has(y)) distribution.set(y, new Map());
  sampleWorlds(spec, { worlds, evidence: {}, samples, seed }, (batch, n) => {
    const cols = batch.worlds[FACTUAL];
    for (const y of targets) {
      const c = cols[y], acc = sums.get(y)!, counts = distribution.get(y);
      if (Number.isNaN(acc.shift)) acc.shift = c[0];
      for (let i = 0; i < n; i++) { const d = c[i] - acc.shift; acc.s += d; acc.s2 += d * d; }
      if (counts) for (let i = 0; i < n; i++) counts.set(c[i], (counts.get(c[i]) ?? 0) + 1);
    }
  });
  const mean = new Map<string, { value: number; se: number }>();
  for (const y of targets) {
    const { shift, s, s2 } = sums.get(y)!;
    const m = s / samples, variance = Math.max(0, (s2 - samples * m * m) / (samples - 1));
    mean.set(y, { value: shift + m, se: Math.sqrt(variance / samples) });
  }
  return { method: "monte-carlo", samples, mean, distribution };
}
